/**
 * A run of the pipeline (src/run/transaction.ts) without rpm: a temporary
 * root whose state folder the run creates, a transaction view with no
 * packages (so the run asks rpm nothing after the transaction either), fake
 * safety steps that write down when they are called, and an execute step that
 * records the command it "ran". What runs for real: the lock, the run record
 * on disk, the report, the order of the steps and the exit-code rules.
 */
import { makeContext } from '../../../src/context.js';
import { InterruptGuard } from '../../../src/exec/signals.js';
import type { CommandRecord } from '../../../src/record/types.js';
import { effectivePolicy } from '../../../src/recovery/patch-plan/model.js';
import type { RpmPlan } from '../../../src/rpm/rpm-plan.js';
import type { RunOptions, RunState, SafetyStep, StepResult, TransactionView } from '../../../src/run/state.js';
import type { TransactionSpec } from '../../../src/run/transaction.js';
import { memoryOutput, type Output } from '../../../src/output/output.js';
import { newRecord, newRunId } from '../../../src/record/store.js';

export const PLAN: RpmPlan = { mode: 'upgrade', packages: [], steps: [], erase: { nevras: [], notes: [] }, warnings: [] };

export const emptyView = (): TransactionView => ({ replaced: [], incoming: [], before: [], names: [], installOnlyNames: [], kernelNames: [] });

export const OPTIONS: RunOptions = { changelog: false, requireStandby: false, noBootCheck: false };

type Side = (run: RunState) => StepResult | void | Promise<StepResult | void>;

/** A step whose sides write "NAME:side" into `calls`, then do what they were given (true: nothing, a pass). */
export function fakeStep(calls: string[], name: string, sides: { required?: boolean; before?: Side | true; after?: Side | true; refused?: Side | true }): SafetyStep {
  const side = (which: 'before' | 'after' | 'refused', body: Side | true | undefined) => {
    if (body === undefined) return undefined;
    return async (run: RunState): Promise<StepResult | void> => {
      calls.push(`${name}:${which}`);
      return body === true ? undefined : body(run);
    };
  };
  const step: SafetyStep = { name, required: Boolean(sides.required) };
  const before = side('before', sides.before);
  const after = side('after', sides.after);
  const refused = side('refused', sides.refused);
  if (before) step.before = before;
  if (after) step.after = after;
  if (refused) step.refused = refused;
  return step;
}

export function command(exitCode: number, problems: string[] = [], purpose = 'userland'): CommandRecord {
  return { argv: ['rpm', '-U', 'a.rpm'], purpose, exitCode, startedAt: new Date().toISOString(), durationMs: 1, problems };
}

/**
 * An execute step that writes "execute" into `calls`, marks the transaction
 * started and records `commands` (none: the transaction never started).
 */
export function execute(calls: string[], commands: CommandRecord[] = [command(0)], also?: (run: RunState) => void): (run: RunState) => Promise<void> {
  return async (run) => {
    calls.push('execute');
    if (commands.length) run.started = true;
    run.record.commands.push(...commands);
    also?.(run);
  };
}

export function spec(root: string, out: Output, run: (r: RunState) => Promise<void>, extra: Partial<TransactionSpec> = {}): TransactionSpec {
  return {
    ctx: makeContext({ root }), tool: 'rpm', commandLine: ['-Uvh', 'a.rpm'], plan: PLAN, warnings: [], view: emptyView(), options: { ...OPTIONS },
    policy: effectivePolicy(), out, execute: run, guard: new InterruptGuard(), ...extra,
  };
}


/** A run as the steps see it, for calling one step's side directly (no lock, no record on disk). */
export function runState(root: string, extra: Partial<RunState> = {}): RunState {
  const s = spec(root, memoryOutput(), async () => undefined);
  return {
    ctx: s.ctx, tool: 'rpm', record: newRecord({ id: newRunId(), tool: 'rpm', commandLine: s.commandLine, root }), paths: { dir: '', runs: '', notes: '', lock: '' }, dir: root,
    out: memoryOutput(), view: emptyView(), options: { ...OPTIONS }, policy: effectivePolicy(), guard: new InterruptGuard(), started: false, report: [], ...extra,
  };
}
