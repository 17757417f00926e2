/**
 * saferpm trial check|status|promote|abandon|clear (docs/trial-boot.md).
 * 'check' is what the trial units run at boot; the others are for the admin.
 * Everything that changes boot files or the trial state holds the root lock.
 */
import os from 'node:os';
import type { Output } from '../output/output.js';
import { makeContext, requireRootFor, type Context } from '../context.js';
import { EXIT, SaferpmError, UsageError } from '../errors.js';
import { joinRoot } from '../fs/rooted.js';
import { loadPlanForNote } from '../recovery/patch-plan/file.js';
import { effectivePolicy } from '../recovery/patch-plan/model.js';
import { ensureStateDirs, statePaths, type StatePaths } from '../state/dirs.js';
import { acquireLock } from '../state/lock.js';
import { runCheck } from '../trial/check.js';
import { logTrial } from '../trial/log.js';
import type { Trial } from '../trial/model.js';
import { renderStatus, renderTrial, trialStatusJson } from '../trial/render.js';
import { listTrials, readCurrentTrial, readExcluded, writeExcluded } from '../trial/store.js';
import { abandonTrial, promoteTrial } from '../trial/verdict.js';
import { kernelArg } from '../recovery/reboot/check.js';
import { rebootAfterTrial, noteAfterTrial } from './trial-after.js';

export interface TrialOptions {
  root?: string;
  runningKernel?: string;
  json?: boolean;
  kernel?: string;
  /** check: seconds between health rounds (default 10). */
  interval?: number;
}

async function locked<T>(ctx: Context, what: string, fn: (paths: StatePaths) => Promise<T>): Promise<T> {
  requireRootFor(ctx, `saferpm trial ${what}`);
  const paths = await statePaths(ctx.root);
  await ensureStateDirs(paths);
  const lock = await acquireLock(paths.lock, `saferpm trial ${what}`);
  try {
    return await fn(paths);
  } finally {
    await lock.release();
  }
}

async function needCurrent(paths: StatePaths): Promise<Trial> {
  const t = await readCurrentTrial(paths);
  if (!t) throw new SaferpmError('no trial boot is in progress', EXIT.NOINPUT, "'saferpm trial status' shows the latest one");
  return t;
}

export async function trialStatusCommand(o: TrialOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root });
  const paths = await statePaths(ctx.root);
  const current = await readCurrentTrial(paths);
  const { trials } = await listTrials(paths);
  const latest = trials.filter((t) => t !== current && t.id !== current?.id).pop();
  const s = trialStatusJson(ctx.root, current, latest, await readExcluded(paths));
  out.out(o.json ? JSON.stringify(s, null, 2) : renderStatus(s).join('\n'));
  return EXIT.OK;
}

export async function trialPromoteCommand(o: TrialOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root });
  return locked(ctx, 'promote', async (paths) => {
    const t = await needCurrent(paths);
    if (t.status === 'armed') out.warn(`trial ${t.id} has not booted yet: ${t.kernel} becomes the default untried`);
    const done = await promoteTrial(ctx.root, paths, t, `promoted by hand (${process.env.SUDO_USER || os.userInfo().username})`);
    const logged = await logTrial(done);
    if (logged) out.warn(logged);
    out.out(`trial ${done.id}: ${done.kernel} promoted; it boots by default (saved_entry=${done.newEntry})`);
    return EXIT.OK;
  });
}

export async function trialAbandonCommand(o: TrialOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root });
  return locked(ctx, 'abandon', async (paths) => {
    const t = await needCurrent(paths);
    const done = await abandonTrial(ctx.root, paths, t, `abandoned by hand (${process.env.SUDO_USER || os.userInfo().username})`);
    const logged = await logTrial(done);
    if (logged) out.warn(logged);
    out.out(`trial ${done.id} abandoned: the trial entry is removed; ${done.knownGood} stays the default`);
    return EXIT.OK;
  });
}

export async function trialClearCommand(o: TrialOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root });
  const kernel = kernelArg('KERNEL', o.kernel ?? '');
  return locked(ctx, 'clear', async (paths) => {
    const all = await readExcluded(paths);
    if (!all.some((x) => x.kernel === kernel)) {
      throw new UsageError(`${kernel} is not excluded`, all.length ? `excluded: ${all.map((x) => x.kernel).join(', ')}` : 'no kernel is excluded');
    }
    await writeExcluded(paths, all.filter((x) => x.kernel !== kernel));
    out.out(`${kernel} may boot again: 'saferpm reboot --trial' tries it once more`);
    return EXIT.OK;
  });
}

/** What the trial units run at boot; nothing to do (exit 0) when no trial is in progress. */
export async function trialCheckCommand(o: TrialOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root, runningKernel: o.runningKernel });
  return locked(ctx, 'check', async (paths) => {
    const trial = await readCurrentTrial(paths);
    if (!trial) {
      out.info('no trial boot in progress');
      return EXIT.OK;
    }
    const { plan, error } = await loadPlanForNote(ctx.root);
    if (error) out.warn(`${error}; the trial checks run without the plan's check commands`);
    const r = await runCheck({
      root: ctx.root, paths, procDir: joinRoot(ctx.root, '/proc'), trial, intervalSeconds: o.interval ?? 10,
      ...(plan ? { plan } : {}), ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}),
      onRound: (health, up) => out.info(`trial ${trial.id} at ${Math.round(up)} s: ${health.map((h) => `${h.ok ? 'ok' : 'FAIL'} ${h.id}: ${h.detail}`).join('; ')}`),
    });
    const logged = await logTrial(r.trial);
    if (logged) out.warn(logged);
    out.out(renderTrial(r.trial).join('\n'));
    if (r.kind === 'promoted') return EXIT.OK;
    const note = await noteAfterTrial(ctx, paths, r.trial, plan, out);
    if (r.kind === 'fell-back') {
      out.warn(`trial ${r.trial.id}: ${r.trial.kernel} fell back to ${r.trial.knownGood}: ${r.trial.reason ?? ''}`);
      return EXIT.OK;
    }
    return rebootAfterTrial(ctx, paths, r.trial, note, effectivePolicy(plan).rebootCommand, out);
  });
}
