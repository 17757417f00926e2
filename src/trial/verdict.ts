/**
 * The ends of a trial: promote (the new kernel becomes the default), abandon
 * (the trial is dropped before or instead of a verdict), unhealthy (the
 * trial boot failed its checks; the machine is about to reboot), fell back
 * (the machine came back on the known-good kernel). Each one undoes the
 * arming (disarm.ts) and records its step; the final ones move the state to
 * trial/<id>.json and copy the steps into the patch run's record.
 */
import { readBootConfig } from '../bootloader/read.js';
import { EXIT, SaferpmError } from '../errors.js';
import { resolveInRoot } from '../fs/rooted.js';
import { loadRecord, saveRecord } from '../record/store.js';
import type { StatePaths } from '../state/dirs.js';
import { disarm } from './disarm.js';
import { nextEntry } from './entries.js';
import { editenv, readEnv } from './grubenv-tool.js';
import { addStep, type HealthResult, type Trial } from './model.js';
import { finishTrial, readExcluded, saveCurrentTrial, writeExcluded } from './store.js';

async function finish(paths: StatePaths, t: Trial, status: Trial['status']): Promise<Trial> {
  t.status = status;
  t.finishedAt = new Date().toISOString();
  await finishTrial(paths, t);
  await copyToRunRecord(paths, t);
  return t;
}

/** The patch run's record gains the trial (run record and 'saferpm history ID' show it); a missing or damaged record is not fatal. */
export async function copyToRunRecord(paths: StatePaths, t: Trial): Promise<void> {
  if (!t.runId) return;
  try {
    const record = await loadRecord(paths, t.runId);
    record.trial = { id: t.id, kernel: t.kernel, knownGood: t.knownGood, status: t.status, ...(t.reason ? { reason: t.reason } : {}), steps: t.steps };
    await saveRecord(paths, record);
  } catch {
    /* the trial file itself holds everything */
  }
}

export async function abandonTrial(root: string, paths: StatePaths, t: Trial, reason: string): Promise<Trial> {
  await disarm(root, t);
  t.reason = reason;
  addStep(t, 'abandon', true, `${reason}; the default stays ${t.knownGood} (saved_entry=${t.knownGoodEntry})`);
  return finish(paths, t, 'abandoned');
}

/** The default moves to the new kernel's own entry; proved by reading the configuration back. */
export async function promoteTrial(root: string, paths: StatePaths, t: Trial, why: string): Promise<Trial> {
  const host = await resolveInRoot(root, t.envFile);
  await editenv(host, ['set', `saved_entry=${t.newEntry}`]);
  await disarm(root, t);
  const env = await readEnv(host, t.envFile);
  const config = await readBootConfig({ root, config: t.configFile, type: t.loader });
  const next = nextEntry(config);
  if (env.vars.saved_entry !== t.newEntry || next?.version !== t.kernel) {
    addStep(t, 'promote', false, `saved_entry=${env.vars.saved_entry ?? '(unset)'}; the next boot is ${next ? `'${next.title}'` : 'nothing'} (${config.default.note})`);
    await saveCurrentTrial(paths, t);
    throw new SaferpmError(`promotion of ${t.kernel} not proved: the next boot is ${next ? `'${next.title}'` : 'nothing'} (${config.default.note})`, EXIT.IOERR, `set it by hand: grub2-editenv ${t.envFile} set saved_entry=${t.newEntry}`);
  }
  addStep(t, 'promote', true, `${why}; saved_entry=${t.newEntry}: '${next.title}' boots by default`);
  return finish(paths, t, 'promoted');
}

/** The trial boot failed: its entry goes now, so whatever reboots the machine brings back the known-good kernel. */
export async function markUnhealthy(root: string, paths: StatePaths, t: Trial, health: HealthResult[], reason: string): Promise<Trial> {
  t.health = health;
  t.reason = reason;
  t.status = 'unhealthy';
  addStep(t, 'unhealthy', false, reason);
  await disarm(root, t);
  await saveCurrentTrial(paths, t);
  return t;
}

/** On the boot after a failed trial: record it, exclude the kernel, and check the default is still the known-good entry. */
export async function fallBack(root: string, paths: StatePaths, t: Trial, running: string | undefined): Promise<Trial> {
  if (t.status === 'armed') {
    t.reason = `the trial boot of ${t.kernel} never reached 'saferpm trial check' (status armed): a panic rebooted by panic=10, a failure in the initramfs, a hang ended by a watchdog or a power cycle`;
  } else if (t.status === 'checking') {
    t.reason = `the trial boot of ${t.kernel} ended before its verdict (status checking): a crash, a watchdog reset, a power cycle or a reboot by hand during the checks`;
  }
  await disarm(root, t);
  const env = await readEnv(await resolveInRoot(root, t.envFile), t.envFile).catch(() => undefined);
  const saved = env?.vars.saved_entry;
  addStep(t, 'fell-back', true, `running ${running ?? 'an unknown kernel'}; saved_entry=${saved ?? '(unset)'}${saved === t.knownGoodEntry ? ' (the known-good entry)' : ` (NOT the known-good entry ${t.knownGoodEntry})`}`);
  const excluded = (await readExcluded(paths)).filter((x) => x.kernel !== t.kernel);
  excluded.push({ kernel: t.kernel, trialId: t.id, at: new Date().toISOString(), reason: t.reason ?? 'fell back' });
  await writeExcluded(paths, excluded);
  addStep(t, 'exclude', true, `${t.kernel} excluded until 'saferpm trial clear ${t.kernel}'`);
  return finish(paths, t, 'fell-back');
}
