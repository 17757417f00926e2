/**
 * Undoing the arming, for abandon, promotion and fallback alike: the trial
 * entry goes, UPDATEDEFAULT is put back, and a next_entry that still names the
 * trial entry is cleared (GRUB clears it itself when the trial boots). The
 * default (saved_entry) is not touched here: it stays on the known-good
 * kernel unless promote.ts moves it.
 */
import { resolveInRoot } from '../fs/rooted.js';
import { editenv, readEnv } from './grubenv-tool.js';
import { addStep, type Trial } from './model.js';
import { removeTrialEntry } from './entry-io.js';
import { releaseUpdateDefault } from './update-default.js';

export async function disarm(root: string, t: Trial): Promise<void> {
  if (t.trialEntry.file) {
    if (await removeTrialEntry(root, t.trialEntry, t.id)) addStep(t, 'remove-entry', true, `${t.trialEntry.file}: trial entry removed`);
  }
  if (await releaseUpdateDefault(root, t.updateDefault)) addStep(t, 'release-updatedefault', true, `${t.updateDefault!.file}: '${t.updateDefault!.before}' put back`);
  const host = await resolveInRoot(root, t.envFile);
  const env = await readEnv(host, t.envFile).catch(() => undefined);
  if (env?.readable && t.trialEntry.id && env.vars.next_entry === t.trialEntry.id) {
    await editenv(host, ['unset', 'next_entry']);
    addStep(t, 'clear-next-entry', true, `${t.envFile}: next_entry unset (it still named the trial entry)`);
  }
}
