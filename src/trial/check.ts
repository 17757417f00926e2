/**
 * 'saferpm trial check', what saferpm-trial.service and
 * saferpm-trial-fallback.service run at boot (docs/trial-boot.md, steps 6
 * and 7). On the trial boot (saferpm.trial=ID of the trial in progress on
 * /proc/cmdline): health rounds until healthy (promote) or the deadline,
 * counted from the kernel's start (/proc/uptime), passes (unhealthy: the
 * trial entry goes, the note is written, the machine reboots into the
 * known-good default). On any other boot with a trial in progress: "fell
 * back". /proc is ROOT/proc under --root, so the logic runs against a test
 * root with a fake /proc/cmdline.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StatePaths } from '../state/dirs.js';
import type { PatchPlan } from '../recovery/patch-plan/model.js';
import { healthRound } from './health.js';
import { addStep, trialIdOnCmdline, type HealthResult, type Trial } from './model.js';
import { saveCurrentTrial } from './store.js';
import { copyToRunRecord, fallBack, markUnhealthy, promoteTrial } from './verdict.js';

export interface CheckInput {
  root: string;
  paths: StatePaths;
  procDir: string;
  trial: Trial;
  plan?: PatchPlan;
  runningKernel?: string;
  /** Seconds between health rounds. */
  intervalSeconds: number;
  /** For the messages: called after each round. */
  onRound?: (health: HealthResult[], uptime: number) => void;
}

export type CheckOutcome =
  | { kind: 'promoted'; trial: Trial }
  | { kind: 'unhealthy'; trial: Trial }
  | { kind: 'fell-back'; trial: Trial };

async function procText(procDir: string, name: string): Promise<string> {
  return readFile(`${procDir}/${name}`, 'utf8').catch(() => '');
}

/** Seconds since the kernel started: the first field of /proc/uptime (proc(5)). */
export async function uptimeSeconds(procDir: string): Promise<number> {
  const v = Number.parseFloat((await procText(procDir, 'uptime')).split(/\s+/)[0] ?? '');
  return Number.isFinite(v) ? v : 0;
}

export async function isTrialBoot(procDir: string, t: Trial): Promise<boolean> {
  return trialIdOnCmdline(await procText(procDir, 'cmdline')) === t.id;
}

export async function runCheck(i: CheckInput): Promise<CheckOutcome> {
  const t = i.trial;
  if (!(await isTrialBoot(i.procDir, t))) return { kind: 'fell-back', trial: await fallBack(i.root, i.paths, t, i.runningKernel) };
  if (t.status === 'armed') {
    t.status = 'checking';
    addStep(t, 'check', true, `the trial boot of ${t.kernel} reached 'saferpm trial check'; deadline ${t.deadlineMinutes} minutes after the kernel started`);
    await saveCurrentTrial(i.paths, t);
    await copyToRunRecord(i.paths, t);
  }
  const deadline = t.deadlineMinutes * 60;
  for (;;) {
    const health = await healthRound({ paths: i.paths, trial: t, procDir: i.procDir, ...(i.plan ? { plan: i.plan } : {}) });
    const up = await uptimeSeconds(i.procDir);
    i.onRound?.(health, up);
    const failed = health.filter((h) => !h.ok);
    if (failed.length === 0) {
      t.health = health;
      return { kind: 'promoted', trial: await promoteTrial(i.root, i.paths, t, `healthy after ${Math.round(up)} s: ${health.map((h) => h.detail).join('; ')}`) };
    }
    if (up >= deadline) {
      const reason = `not healthy ${t.deadlineMinutes} minutes after the kernel started: ${failed.map((h) => `${h.id}: ${h.detail}`).join('; ')}`;
      return { kind: 'unhealthy', trial: await markUnhealthy(i.root, i.paths, t, health, reason) };
    }
    await sleep(Math.min(i.intervalSeconds, Math.max(1, deadline - up)) * 1000);
  }
}
