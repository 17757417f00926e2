/**
 * One guarded run for both tools: the patch plan read once, the driver's
 * plan, then in order: a dry run prints it and stops; saferpm's own refusal
 * stops it (exit 79); the tool's own checks may stop it; a signal that came
 * meanwhile stops it with nothing changed; otherwise the transaction runs
 * inside the safety steps (transaction.ts). A run that stops early leaves
 * its --report all the same. From the first step on, SIGINT and SIGTERM do
 * not kill saferpm: what was (not) done is said and recorded, and the exit
 * code is the shell's for the signal (130, 143).
 */
import { EXIT, RefusedError } from '../errors.js';
import type { Output } from '../output/output.js';
import { InterruptGuard } from '../exec/signals.js';
import { newRecord, newRunId } from '../record/store.js';
import type { RunRecord } from '../record/types.js';
import type { Driver, Planned, Stop } from './driver.js';
import { interruptedBefore } from './interrupted.js';
import { loadPatchPolicy, type LoadedPolicy } from './policy.js';
import { writeReport } from './report.js';
import { defaultSafetySteps } from './safety.js';
import type { SafetyStep } from './state.js';
import { runTransaction } from './transaction.js';

export async function guardedRun(driver: Driver, out: Output, safety: SafetyStep[] = defaultSafetySteps()): Promise<number> {
  const guard = new InterruptGuard().start();
  try {
    const policy = await loadPatchPolicy(driver.ctx.root);
    let prepared;
    try {
      prepared = await driver.prepare(policy);
    } catch (e) {
      // a signal reaches the tool's own processes too (a terminal's Ctrl-C): their failure is the signal's
      if (guard.signal) return await interruptedBefore({ driver, out, signal: guard.signal, stage: 'resolving' });
      throw e;
    }
    if (guard.signal) return await interruptedBefore({ driver, out, signal: guard.signal, stage: 'resolving' });
    if (prepared.kind === 'answered') {
      guard.stop(); // the tool runs as it would without saferpm: a signal ends both, as before
      return await prepared.answer(out);
    }
    const { planned } = prepared;
    const stopped = await stopBefore(driver, planned, out, () => guard.signal !== undefined);
    if (guard.signal) return await interruptedBefore({ driver, out, signal: guard.signal, stage: 'planned', plan: planned.plan });
    if (stopped !== undefined) return stopped;
    if (planned.handOver) return await planned.handOver();
    return await transaction(driver, planned, policy, out, guard, safety);
  } finally {
    guard.stop();
  }
}

/** Print the plan; stop here for a dry run, a refusal, or what the tool's own checks say. */
async function stopBefore(driver: Driver, planned: Planned, out: Output, interrupted: () => boolean): Promise<number | undefined> {
  const { options } = driver;
  const text = planned.text(options.dryRun);
  if (options.dryRun) {
    if (text !== undefined) out.out(text);
    const extras = await planned.dryRunExtras?.(out);
    const stop: Stop = planned.refusal ? { status: 'refused', exitCode: EXIT.REFUSED } : { status: 'planned', exitCode: EXIT.OK };
    return reportStop(driver, planned, { ...stop, warnings: extras?.warnings ?? [] }, extras?.audit);
  }
  if (text !== undefined) out.info(text);
  if (planned.refusal) {
    await reportStop(driver, planned, { status: 'refused', exitCode: EXIT.REFUSED });
    throw new RefusedError(planned.refusal.message, planned.refusal.hint);
  }
  const stop = await planned.gate?.(out, interrupted);
  if (stop === undefined || interrupted()) return undefined;
  return reportStop(driver, planned, stop);
}

/** --report for a run that ended before the transaction; returns the exit code. */
async function reportStop(driver: Driver, planned: Planned, stop: Stop, audit?: RunRecord['audit']): Promise<number> {
  if (!driver.options.report) return stop.exitCode;
  const record = newRecord({ id: newRunId(), tool: driver.tool, commandLine: [...driver.commandLine], root: driver.ctx.root, plan: planned.plan });
  if (driver.ctx.runningKernel) record.runningKernel = driver.ctx.runningKernel;
  record.warnings.push(...planned.warnings, ...(stop.warnings ?? []));
  if (audit) record.audit = audit;
  await writeReport(driver.options.report, { ...record, status: stop.status, exitCode: stop.exitCode, finishedAt: new Date().toISOString() });
  return stop.exitCode;
}

async function transaction(driver: Driver, planned: Planned, loaded: LoadedPolicy, out: Output, guard: InterruptGuard, safety: SafetyStep[]): Promise<number> {
  const { options, ctx } = driver;
  const run = await runTransaction({
    ctx, guard, out, tool: driver.tool, commandLine: [...driver.commandLine], plan: planned.plan, warnings: planned.warnings, view: planned.view,
    options: {
      changelog: options.changelog,
      requireStandby: options.requireStandby || loaded.policy.requireStandby,
      noBootCheck: options.noBootCheck,
      ...(options.justDb ? { justDb: true } : {}),
    },
    policy: loaded.policy, ...loaded.fileFields,
    execute: (r) => planned.execute(r),
    ...(options.report ? { report: options.report } : {}),
  }, safety);
  return run.record.exitCode ?? EXIT.SOFTWARE;
}
