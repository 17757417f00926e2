/**
 * Carrying out a plan that passed the preflight: lock the root, open the run
 * record, take the safety steps before, run rpm step by step, take the safety
 * steps after, finish the record. The record is saved after every stage, so a
 * crash leaves the last complete stage on disk.
 */
import { EXIT } from '../errors.js';
import type { Output } from '../cli/output.js';
import type { Context } from '../context.js';
import { InterruptGuard } from '../exec/signals.js';
import type { RpmCommandLine } from '../rpm/argv.js';
import { runRpmStep } from '../rpm/execute.js';
import { queryInstalled, queryWhatProvides, uniquePackages } from '../rpm/query.js';
import { createRunDir, newRecord, newRunId, saveRecord } from '../record/store.js';
import { acquireLock } from '../state/lock.js';
import { ensureStateDirs, statePaths } from '../state/dirs.js';
import { runCommand } from '../exec/run.js';
import type { Prepared } from './prepare.js';
import type { RunState, SafetyStep } from './state.js';
import { packageChanges } from './versions.js';
import { runExitCode } from './exit-code.js';

export async function applyPlan(ctx: Context, cl: RpmCommandLine, prepared: Prepared, argv: string[], out: Output, safety: SafetyStep[]): Promise<RunState> {
  const paths = await statePaths(ctx.root);
  await ensureStateDirs(paths);
  const lock = await acquireLock(paths.lock, `saferpm ${argv.join(' ')}`.slice(0, 200));
  const guard = new InterruptGuard().start();
  try {
    const id = newRunId();
    const dir = await createRunDir(paths, id);
    const record = newRecord({ id, tool: 'rpm', commandLine: argv, root: ctx.root, plan: prepared.plan });
    if (ctx.runningKernel) record.runningKernel = ctx.runningKernel;
    record.warnings.push(...prepared.plan.warnings);
    const names = [...new Set([...prepared.packages.map((p) => p.name), ...prepared.installed.map((i) => i.pkg.name)])];
    const run: RunState = { ctx, cl, prepared, record, paths, dir, out, rpmStarted: false, names };
    await saveRecord(paths, record);
    try {
      await runBefore(run, safety);
    } catch (e) {
      await saveRecord(paths, record);
      throw e;
    }
    await runSteps(run, guard);
    await finish(run, safety, guard);
    record.exitCode = runExitCode(run);
    await saveRecord(paths, record);
    return run;
  } finally {
    guard.stop();
    await lock.release();
  }
}

/** A required step that fails throws: the run stops before rpm starts. */
async function runBefore(run: RunState, safety: SafetyStep[]): Promise<void> {
  for (const step of safety) {
    if (!step.before) continue;
    const end = run.out.phase(step.name);
    try {
      await step.before(run);
      end('ok');
    } catch (e) {
      end('fail');
      const msg = `${step.name}: ${(e as Error).message}`;
      if (step.required) {
        run.record.status = 'refused';
        run.record.warnings.push(`stopped before rpm ran: ${msg}`);
        run.record.exitCode = (e as { exitCode?: number }).exitCode ?? EXIT.CANTCREAT;
        run.record.finishedAt = new Date().toISOString();
        throw e;
      }
      run.record.warnings.push(msg);
      run.out.warn(msg);
    }
  }
}

async function runSteps(run: RunState, guard: InterruptGuard): Promise<void> {
  for (const step of run.prepared.plan.steps) {
    if (guard.signal) break;
    if (step.purpose === 'erase-old-kernels' && !(await eraseStillSafe(run, step.args))) continue;
    run.rpmStarted = true;
    run.out.info(`running: ${step.purpose} (${step.packages.length} package${step.packages.length === 1 ? '' : 's'})`);
    const cmd = await runRpmStep(run.ctx.rpm, step.args, step.purpose);
    run.record.commands.push(cmd);
    await saveRecord(run.paths, run.record);
    for (const p of cmd.problems) run.out.warn(`rpm reported: ${p}`);
    if (cmd.exitCode !== 0 || cmd.signal || guard.signal) break;
  }
}

/** The surplus kernels are erased only if rpm agrees nothing needs them (rpm -e --test). */
async function eraseStillSafe(run: RunState, args: string[]): Promise<boolean> {
  const r = await runCommand(run.ctx.rpm.binary, [...args.slice(0, 1), '--test', ...args.slice(1)], { providedBy: 'rpm' });
  if (r.exitCode === 0) return true;
  const why = r.stderr.split('\n').filter((l) => l.startsWith('\t') || l.startsWith('error:')).map((l) => l.trim()).join('; ');
  run.record.warnings.push(`old kernels not erased: rpm -e --test refused (${why})`);
  run.out.warn(`old kernels not erased: ${why}`);
  return false;
}

async function finish(run: RunState, safety: SafetyStep[], guard: InterruptGuard): Promise<void> {
  const { ctx, record, prepared } = run;
  if (run.rpmStarted) {
    const after = await Promise.all([queryInstalled(ctx.rpm, run.names), queryWhatProvides(ctx.rpm, prepared.installOnly.names)]);
    record.packages = packageChanges(prepared, uniquePackages(after.flat()));
  }
  const failed = record.commands.find((c) => c.exitCode !== 0 || c.signal);
  const signal = guard.signal ?? (failed?.signal as NodeJS.Signals | undefined);
  record.status = guard.signal ? 'interrupted' : failed ? 'failed' : 'succeeded';
  if (signal && guard.signal) record.signal = signal;
  await saveRecord(run.paths, record);
  for (const step of safety) {
    if (!step.after) continue;
    const end = run.out.phase(step.name);
    try {
      await step.after(run);
      end('ok');
    } catch (e) {
      end('fail');
      const msg = `${step.name}: ${(e as Error).message}`;
      record.warnings.push(msg);
      run.out.warn(msg);
    }
  }
  record.finishedAt = new Date().toISOString();
}
