/**
 * Carrying out a transaction that passed its preflight, for either tool: lock
 * the root, open the run record, take the safety steps before, run the
 * tool-specific execute step, take the safety steps after, finish the record.
 * The record is saved after every stage, so a crash leaves the last complete
 * stage on disk.
 */
import { EXIT } from '../errors.js';
import type { Output } from '../output/output.js';
import type { Context } from '../context.js';
import { InterruptGuard } from '../exec/signals.js';
import { preloadTerminalRuns } from '../exec/run.js';
import { queryNamedOrProviding } from '../rpm/query.js';
import { createRunDir, newRecord, newRunId, saveRecord } from '../record/store.js';
import type { RecordedPlan, RunRecord, StepOutcome, StepPhase, StepRecord } from '../record/types.js';
import { acquireLock, processStartTime } from '../state/lock.js';
import { reconcileDeadRuns } from '../recovery/history/dead.js';
import { ensureStateDirs, statePaths } from '../state/dirs.js';
import type { PatchPlan, Policy } from '../recovery/patch-plan/model.js';
import { runExitCode } from './exit-code.js';
import { writeReport } from './report.js';
import type { RunOptions, RunState, SafetyStep, StepResult, TransactionView } from './state.js';
import { saveProgress } from './record-save.js';
import { packageChanges } from './versions.js';

export interface TransactionSpec {
  ctx: Context;
  tool: RunRecord['tool'];
  commandLine: string[];
  /** The tool's plan, kept in the record (the rpm plan; dnf's resolved transaction; an unresolved dnf run). */
  plan: RecordedPlan;
  warnings: string[];
  view: TransactionView;
  options: RunOptions;
  policy: Policy;
  /** The patch plan the run's policy came from, read once (src/run/policy.ts); undefined: there is none. */
  patchPlan?: PatchPlan;
  out: Output;
  /** Runs the transaction; pushes a CommandRecord per command into run.record.commands and sets run.started. */
  execute(run: RunState): Promise<void>;
  /** --report FILE: the final record is written there, also when a safety step stops the run. */
  report?: string;
  /**
   * The caller's guard, when it already watches for SIGINT/SIGTERM (the dnf
   * path, from its resolution on): a signal that came while the lock was being
   * taken is not lost. Without it, the run starts its own.
   */
  guard?: InterruptGuard;
}

export async function runTransaction(spec: TransactionSpec, safety: SafetyStep[]): Promise<RunState> {
  const paths = await statePaths(spec.ctx.root);
  await ensureStateDirs(paths);
  const lock = await acquireLock(paths.lock, `saferpm ${spec.commandLine.join(' ')}`.slice(0, 200));
  const guard = spec.guard ?? new InterruptGuard().start();
  try {
    const id = newRunId();
    const dir = await createRunDir(paths, id);
    const record = newRecord({ id, tool: spec.tool, commandLine: spec.commandLine, root: spec.ctx.root, plan: spec.plan });
    if (spec.ctx.runningKernel) record.runningKernel = spec.ctx.runningKernel;
    record.steps = [];
    record.process = { pid: process.pid, startTime: processStartTime(process.pid) ?? '0' };
    record.warnings.push(...spec.warnings);
    await reconcileDeadRuns(spec.ctx, paths, id, spec.out, spec.patchPlan ? { plan: spec.patchPlan } : {}); // a run that died owes its changes and its note
    const run: RunState = {
      ctx: spec.ctx, tool: spec.tool, record, paths, dir, out: spec.out, view: spec.view, options: spec.options,
      policy: spec.policy, guard, started: false, report: [],
    };
    if (spec.patchPlan) run.patchPlan = spec.patchPlan;
    // the expected changes (versions before, target) are on disk before rpm starts: a run killed later can be completed (src/recovery/history/dead.ts)
    record.packages = packageChanges(spec.view, spec.view.before);
    await saveRecord(paths, record);
    try {
      await runBefore(run, safety);
    } catch (e) {
      await saveRecord(paths, record); // the refusal is on disk before anything else runs
      for (const step of safety) {
        if (!step.refused) continue;
        const refused = step.refused.bind(step);
        const failure = await phase(run, step.name, 'refused', () => refused(run));
        if (failure) warn(run, failure.message);
      }
      await saveRecord(paths, record); // with the refused() hooks' steps and warnings
      if (spec.report) await writeReport(spec.report, record);
      throw e;
    }
    if (!guard.signal) await spec.execute(run);
    await finish(run, safety);
    record.exitCode = runExitCode(run);
    await saveProgress(run);
    if (spec.report) await writeReport(spec.report, record);
    return run;
  } finally {
    if (!spec.guard) guard.stop();
    await lock.release();
  }
}

/**
 * Runs one side of a safety step as a phase and records its outcome in
 * record.steps; a failure comes back with the step's name in its message.
 */
async function phase(run: RunState, name: string, side: StepPhase, body: () => Promise<StepResult | void>): Promise<{ error: unknown; message: string } | undefined> {
  const end = run.out.phase(name);
  const t0 = performance.now();
  const note = (outcome: StepOutcome, detail?: string): void => recordStep(run, { name, phase: side, outcome, durationMs: Math.round(performance.now() - t0) }, detail);
  try {
    const result = (await body()) ?? undefined;
    const outcome = result?.outcome ?? 'pass';
    end(outcome === 'skip' ? 'skip' : 'ok');
    note(outcome, result?.detail);
    return undefined;
  } catch (error) {
    end('fail');
    note('fail', (error as Error).message);
    return { error, message: `${name}: ${(error as Error).message}` };
  }
}

function recordStep(run: RunState, step: StepRecord, detail: string | undefined): void {
  if (detail) step.detail = detail;
  (run.record.steps ??= []).push(step);
}

/** A failure of a step that is not required is a warning in the record and on the terminal. */
function warn(run: RunState, message: string): void {
  run.record.warnings.push(message);
  run.out.warn(message);
}

/** A required step that fails throws: the run stops before the transaction starts. */
async function runBefore(run: RunState, safety: SafetyStep[]): Promise<void> {
  for (const step of safety) if (!run.guard.signal) step.startBefore?.(run);
  preloadTerminalRuns(); // while the steps wait on rpm, not when the transaction starts
  for (const step of safety) {
    if (!step.before) continue;
    if (run.guard.signal) {
      recordStep(run, { name: step.name, phase: 'before', outcome: 'skip', durationMs: 0 }, `not started: interrupted by ${run.guard.signal}`);
      continue;
    }
    const before = step.before.bind(step);
    const failure = await phase(run, step.name, 'before', () => before(run));
    if (!failure) continue;
    if (!step.required) {
      warn(run, failure.message);
      continue;
    }
    run.record.status = 'refused';
    run.record.warnings.push(`stopped before the transaction: ${failure.message}`);
    run.record.exitCode = (failure.error as { exitCode?: number }).exitCode ?? EXIT.CANTCREAT;
    run.record.finishedAt = new Date().toISOString();
    throw failure.error;
  }
}

async function finish(run: RunState, safety: SafetyStep[]): Promise<void> {
  const { ctx, record, view } = run;
  if (run.started) {
    for (const step of safety) step.startAfter?.(run); // beside the versions query below
    // The merged query may return a package that merely provides one of the names; only the
    // packages of the transaction and those installed before are compared.
    const known = new Set([...view.names, ...view.before.map((p) => p.name)]);
    const after = await queryNamedOrProviding(ctx.rpm, view.names, view.installOnlyNames, true);
    record.packages = packageChanges(view, after.filter((p) => known.has(p.name)));
  }
  const failed = record.commands.find((c) => c.exitCode !== 0 || c.signal);
  record.status = run.guard.signal ? 'interrupted' : failed ? 'failed' : run.started ? 'succeeded' : 'refused';
  if (run.guard.signal) record.signal = run.guard.signal;
  await saveProgress(run);
  for (const step of safety) {
    if (!step.after) continue;
    const after = step.after.bind(step);
    const failure = await phase(run, step.name, 'after', () => after(run));
    if (failure) warn(run, failure.message);
  }
  record.finishedAt = new Date().toISOString();
}

