/**
 * What a tool contributes to a guarded run (src/run/guarded.ts): reading the
 * request into a plan, printing it, the checks only that tool can make, the
 * transaction view and the execute step. Everything else (the patch plan's
 * policy, dry run, refusals, --report of a run that stops early, signals,
 * the safety steps around the transaction) is the guarded run's, the same
 * for both tools. One driver per tool: src/drivers/rpm, src/drivers/dnf.
 */
import type { Context } from '../context.js';
import type { Output } from '../output/output.js';
import type { LoadedPolicy } from './policy.js';
import type { RunRecord, RunStatus } from '../record/types.js';
import type { RunState, TransactionView } from './state.js';

/** What the command line asked of the run, the same for both tools. */
export interface GuardedOptions {
  /** --dry-run / --saferpm-dry-run: print the plan and stop. */
  dryRun: boolean;
  /** rpm --test: the checks run but nothing changes, so no run is recorded in the state folder. */
  changesNothing: boolean;
  /** --report FILE: the record as JSON, also for a run that stops before the transaction. */
  report?: string;
  changelog: boolean;
  requireStandby: boolean;
  noBootCheck: boolean;
  /** rpm --justdb: only the database changes, no file is written (no vmlinuz, by design). */
  justDb?: boolean;
}

/** The run ends before the transaction: recorded in --report with this status. */
export interface Stop {
  status: RunStatus;
  exitCode: number;
  /** Kept in the report besides the plan's warnings. */
  warnings?: string[];
}

export interface Planned {
  /** Kept in the run record (the rpm plan, the dnf transaction, or an unresolved dnf command). */
  plan: NonNullable<RunRecord['plan']>;
  /** The plan as printed: on stdout for a dry run, as information otherwise; undefined prints nothing. */
  text(dryRun: boolean): string | undefined;
  /** Kept in the record: the plan's warnings and the refusals the admin overrode. */
  warnings: string[];
  /** saferpm's own refusal: the run stops before anything changes (exit 79). */
  refusal?: { message: string; hint: string };
  /** A dry run's extras (dnf --saferpm-changelog: the changelogs shown, kept in the report). */
  dryRunExtras?(out: Output): Promise<{ warnings: string[]; audit?: RunRecord['audit'] }>;
  /**
   * The checks between the plan and the transaction that only this tool can
   * make (rpm --test; dnf's question): a Stop ends the run. `interrupted`
   * tells a check that a signal came, so that it does not report as a
   * refusal what the signal caused.
   */
  gate?(out: Output, interrupted: () => boolean): Promise<Stop | undefined>;
  /** Nothing to do: the tool itself says so and its exit code is the run's (dnf's "Nothing to do."). */
  handOver?(): Promise<number>;
  view: TransactionView;
  /** Runs the transaction; pushes a CommandRecord per command and sets run.started. */
  execute(run: RunState): Promise<void>;
}

export type Preparation =
  | { kind: 'planned'; planned: Planned }
  /** The tool answers on its own (source packages to rpm; dnf refused while resolving): what it prints and exits with. */
  | { kind: 'answered'; answer(out: Output): Promise<number> | number };

export interface Driver {
  tool: RunRecord['tool'];
  /** The command line as given (after 'saferpm'). */
  commandLine: readonly string[];
  ctx: Context;
  options: GuardedOptions;
  /** From the request to the plan; changes nothing. */
  prepare(policy: LoadedPolicy): Promise<Preparation>;
}
