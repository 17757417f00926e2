/**
 * What one run carries from phase to phase, for the rpm and the dnf path alike.
 * The tool-specific part is the execute step and the transaction view; the
 * safety steps around the transaction are shared.
 */
import type { PackageChangelog } from '../audit/changelog.js';
import type { Output } from '../output/output.js';
import type { Context } from '../context.js';
import type { InterruptGuard } from '../exec/signals.js';
import type { RpmPackage } from '../rpm/package.js';
import type { RunRecord, StepOutcome } from '../record/types.js';
import type { StatePaths } from '../state/dirs.js';
import type { PatchPlan, Policy } from '../recovery/patch-plan/model.js';

/** A package the transaction brings in. */
export interface IncomingPackage {
  name: string;
  arch: string;
  evr: string;
  installOnly: boolean;
  /** The package file, when known (rpm path; dnf after --downloadonly). */
  file?: string;
  /** Its header, when read (file lists: which package owns an executable or unit). */
  header?: RpmPackage;
  /** uname -r strings of the kernels it ships. */
  kernelVersions: string[];
}

/** What the transaction will do, as far as saferpm knows before it runs. */
export interface TransactionView {
  /** Installed packages the transaction replaces or erases (config backup, rpm -V, standby). */
  replaced: RpmPackage[];
  incoming: IncomingPackage[];
  /** Installed packages before the run: the same names and every install-only package. */
  before: RpmPackage[];
  /** Names whose versions are recorded before and after. */
  names: string[];
  /** The install-only list (to find every installed kernel after the run). */
  installOnlyNames: string[];
  /** Names of the install-only packages among before and incoming. */
  kernelNames: string[];
  /**
   * Reads the changelogs of incoming packages for --changelog, when they do not
   * come from package files (dnf: the repositories' metadata). Without it, the
   * package files are read (rpm -qp).
   */
  changelogs?: ChangelogLoader;
}

/** An incoming package and the newest installed EVR of its name. */
export interface ChangelogQuery {
  incoming: IncomingPackage;
  installedEvr: string;
}

/** The changelogs found, and what could not be read (said as warnings). */
export interface ChangelogRead {
  logs: PackageChangelog[];
  problems: string[];
}

export type ChangelogLoader = (queries: ChangelogQuery[]) => Promise<ChangelogRead>;

export interface RunOptions {
  changelog: boolean;
  requireStandby: boolean;
  noBootCheck: boolean;
  /** rpm --justdb: only the database changes, no file is written (no vmlinuz, by design). */
  justDb?: boolean;
}

export interface RunState {
  ctx: Context;
  tool: RunRecord['tool'];
  record: RunRecord;
  paths: StatePaths;
  /** ROOT/var/lib/saferpm/runs/<id> */
  dir: string;
  out: Output;
  view: TransactionView;
  options: RunOptions;
  policy: Policy;
  /** The patch plan (plan.toml), read once by the guarded run; undefined: there is none (an invalid one stops the run before). */
  patchPlan?: PatchPlan;
  guard: InterruptGuard;
  /** Set once the transaction has started: from then on a note is owed. */
  started: boolean;
  /** Set by a safety step that must change the exit code (the boot check: do not reboot). */
  exitOverride?: number;
  /** Why the run record could not be saved after the transaction started (the run went on). */
  recordError?: string;
  /** Human report sections gathered by the after-steps, most important first (see summary.ts). */
  report: { rank: number; title: string; lines: string[] }[];
}

/**
 * What one side of a step says about itself when it did more than pass in
 * silence: skip (it had nothing to do or was turned off, and why), warn (it
 * did its job and found something to look at), or pass with a word. A step
 * that fails throws; nothing returned is a plain pass (record.steps[]).
 */
export interface StepReport {
  outcome: Exclude<StepOutcome, 'fail'>;
  detail?: string;
}

export type StepResult = StepReport | undefined;

export const skipStep = (detail: string): StepReport => ({ outcome: 'skip', detail });
export const warnStep = (detail: string): StepReport => ({ outcome: 'warn', detail });
export const passStep = (detail: string): StepReport => ({ outcome: 'pass', detail });

/**
 * A safety step around the transaction. A required before-step that throws
 * stops the run before the transaction starts; after-steps never hide the
 * transaction's own outcome: their failures become warnings in the record.
 * Each side reports pass, warn or skip (StepReport), or fails by throwing.
 */
export interface SafetyStep {
  name: string;
  required: boolean;
  before?(run: RunState): Promise<StepResult | void>;
  after?(run: RunState): Promise<StepResult | void>;
  /**
   * Start the read-only work before() or after() will await (rpm -q, rpm -V,
   * the snapshot), so that it runs beside the steps ahead of it rather than
   * after them: each rpm process costs about as much as a plain rpm -Uvh of a
   * few packages (BENCHMARKS.md, "Cost per call"). Called for every step
   * before the first before-step, and before the versions after the
   * transaction are read; a failure surfaces where before()/after() awaits it.
   */
  startBefore?(run: RunState): void;
  startAfter?(run: RunState): void;
  /** When a required before-step refused the run (the after-steps do not run then). */
  refused?(run: RunState): Promise<StepResult | void>;
}
