/**
 * The proof that a trial is armed, read back from the disk: grubenv holds
 * next_entry and saved_entry as written (parsed as GRUB reads the block), the
 * configuration as GRUB would evaluate it boots the trial entry next with the
 * trial marker on its command line, and, with next_entry cleared as GRUB's
 * save_env clears it, the boot after that is the known-good kernel's entry.
 */
import { copyFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { readBootConfig } from '../bootloader/read.js';
import { EXIT, SaferpmError } from '../errors.js';
import { resolveInRoot } from '../fs/rooted.js';
import { STATE_DIR, type StatePaths } from '../state/dirs.js';
import { ensureSecureDir } from '../state/dirs.js';
import { carriesMark } from './entry-text.js';
import { nextEntry } from './entries.js';
import { editenv, readEnv } from './grubenv-tool.js';
import type { Trial } from './model.js';
import { trialDir } from './store.js';

function fail(what: string): never {
  throw new SaferpmError(`the trial is not armed as written: ${what}`, EXIT.IOERR, 'nothing reboots; the trial was undone');
}

export async function verifyArmed(root: string, paths: StatePaths, t: Trial): Promise<{ args: string; detail: string }> {
  const env = await readEnv(await resolveInRoot(root, t.envFile), t.envFile);
  if (env.problems.length) fail(env.problems.join('; '));
  if (env.vars.next_entry !== t.trialEntry.id) fail(`${t.envFile} says next_entry=${env.vars.next_entry ?? '(unset)'}, not ${t.trialEntry.id}`);
  if (env.vars.saved_entry !== t.knownGoodEntry) fail(`${t.envFile} says saved_entry=${env.vars.saved_entry ?? '(unset)'}, not ${t.knownGoodEntry}`);
  const config = await readBootConfig({ root, config: t.configFile, type: t.loader });
  const next = nextEntry(config);
  if (config.default.from !== 'next_entry' || next?.id !== t.trialEntry.id) fail(`${t.configFile} boots ${next ? `'${next.title}'` : 'nothing'} next (${config.default.note}), not the trial entry`);
  if (!carriesMark(next.args, t.id)) fail(`the trial entry's command line lacks saferpm.trial=${t.id}: '${next.args}'`);
  const after = await afterTrialBoot(root, paths, t);
  return { args: next.args, detail: `next boot: '${next.title}' once (${next.args}); then: ${after}` };
}

/** What boots once GRUB cleared next_entry: a copy of grubenv without it, read as GRUB would. */
async function afterTrialBoot(root: string, paths: StatePaths, t: Trial): Promise<string> {
  await ensureSecureDir(trialDir(paths));
  const copy = path.join(trialDir(paths), 'grubenv-after-trial');
  await copyFile(await resolveInRoot(root, t.envFile), copy);
  try {
    await editenv(copy, ['unset', 'next_entry']);
    const config = await readBootConfig({ root, config: t.configFile, type: t.loader, env: `${STATE_DIR}/trial/grubenv-after-trial` });
    const e = nextEntry(config);
    if (!e || e.version !== t.knownGood || config.default.from !== 'saved_entry') {
      fail(`after the trial boot ${e ? `'${e.title}' (${e.version ?? '?'})` : 'nothing'} would boot (${config.default.note}), not the known-good ${t.knownGood}`);
    }
    return `'${e.title}' by default (saved_entry)`;
  } finally {
    await unlink(copy).catch(() => undefined);
  }
}
