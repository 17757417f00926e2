/**
 * Pin and arm (docs/trial-boot.md, steps 3 and 4): the trial entry is added,
 * UPDATEDEFAULT held, saved_entry pinned on the known-good entry and
 * next_entry set to the trial entry with the real grub-editenv; then proved
 * by reading it all back as GRUB would. Any failure undoes what was done and
 * leaves the trial recorded as abandoned, so the machine is as it was, with
 * the default on the known-good kernel.
 */
import os from 'node:os';
import type { BootConfig } from '../bootloader/model.js';
import { EXIT, SaferpmError } from '../errors.js';
import { resolveInRoot } from '../fs/rooted.js';
import type { StatePaths } from '../state/dirs.js';
import { disarm } from './disarm.js';
import { addTrialEntry } from './entry-io.js';
import { entrySpec } from './entry-spec.js';
import { realEntryFor } from './entries.js';
import { editenv } from './grubenv-tool.js';
import { addStep, TRIAL_SCHEMA, trialArgs, type Trial } from './model.js';
import { finishTrial, saveCurrentTrial } from './store.js';
import { holdUpdateDefault } from './update-default.js';
import { verifyArmed } from './verify.js';

export interface ArmInput {
  root: string;
  paths: StatePaths;
  config: BootConfig;
  kernel: string;
  knownGood: string;
  id: string;
  runId?: string;
  deadlineMinutes: number;
  now?: Date;
}

function newTrial(i: ArmInput): Trial {
  const c = i.config;
  const fresh = realEntryFor(c, i.kernel);
  const good = realEntryFor(c, i.knownGood);
  if (!fresh || !good || !c.env || (c.loader !== 'grub2' && c.loader !== 'bls')) {
    throw new SaferpmError(`cannot arm a trial of ${i.kernel}: ${!fresh ? 'no entry boots it' : !good ? `no entry boots the known-good ${i.knownGood}` : 'no GRUB 2 grubenv'}`, EXIT.REFUSED);
  }
  const t: Trial = {
    schema: TRIAL_SCHEMA,
    id: i.id,
    status: 'armed',
    host: os.hostname(),
    user: process.env.SUDO_USER || os.userInfo().username,
    kernel: i.kernel,
    knownGood: i.knownGood,
    loader: c.loader,
    envFile: c.env.file,
    configFile: c.file,
    knownGoodEntry: entrySpec(good),
    newEntry: entrySpec(fresh),
    trialEntry: { id: '', kind: 'bls-file', file: '', title: '', args: trialArgs(fresh.args, i.id) },
    deadlineMinutes: i.deadlineMinutes,
    armedAt: (i.now ?? new Date()).toISOString(),
    steps: [],
  };
  if (i.runId) t.runId = i.runId;
  const saved = c.env.vars.saved_entry;
  if (saved !== undefined) t.savedEntryBefore = saved;
  return t;
}

export async function armTrial(i: ArmInput): Promise<Trial> {
  const t = newTrial(i);
  const fresh = realEntryFor(i.config, i.kernel)!;
  const extra = trialArgs('', i.id);
  await saveCurrentTrial(i.paths, t); // before any boot file changes: a crash leaves a trial to abandon
  try {
    t.trialEntry = await addTrialEntry(i.root, i.config, fresh, i.id, extra);
    addStep(t, 'entry', true, `${t.trialEntry.file}: '${t.trialEntry.title}' [${t.trialEntry.id}]`);
    await saveCurrentTrial(i.paths, t);
    const held = await holdUpdateDefault(i.root);
    if (held) {
      t.updateDefault = held;
      addStep(t, 'hold-updatedefault', true, `${held.file}: '${held.before}' set to UPDATEDEFAULT=no until the verdict`);
      await saveCurrentTrial(i.paths, t);
    }
    await editenv(await resolveInRoot(i.root, t.envFile), ['set', `saved_entry=${t.knownGoodEntry}`, `next_entry=${t.trialEntry.id}`]);
    addStep(t, 'pin', true, `${t.envFile}: saved_entry=${t.knownGoodEntry} (${t.knownGood})`);
    addStep(t, 'arm', true, `${t.envFile}: next_entry=${t.trialEntry.id} (boots once)`);
    const proof = await verifyArmed(i.root, i.paths, t);
    t.trialEntry.args = proof.args;
    addStep(t, 'verify', true, proof.detail);
    await saveCurrentTrial(i.paths, t);
    return t;
  } catch (e) {
    const why = (e as Error).message;
    addStep(t, 'arm', false, why);
    await disarm(i.root, t).catch((d: Error) => addStep(t, 'disarm', false, d.message));
    t.status = 'abandoned';
    t.reason = `arming failed: ${why}`;
    t.finishedAt = new Date().toISOString();
    await finishTrial(i.paths, t);
    throw e instanceof SaferpmError ? e : new SaferpmError(`the trial could not be armed: ${why}`, EXIT.IOERR);
  }
}
