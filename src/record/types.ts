/**
 * The run record: what one saferpm run was asked, planned, ran and changed.
 * Written under ROOT/var/lib/saferpm/runs/<id>/record.json (atomically, at
 * every stage, so a crash leaves the last complete stage), and the same
 * object is the --report JSON. Schema: schema/run-report.schema.json.
 */

import type { PackageChangelog } from '../audit/changelog.js';
import type { ConfigFileReport } from '../audit/config-report.js';
import type { IntegrityChange } from '../audit/integrity-diff.js';
import type { IntegrityVerdict } from '../audit/integrity-tool.js';
import type { BootVerdict } from '../bootloader/verdict.js';
import type { DnfTransaction } from '../drivers/dnf/transaction.js';
import type { NoteBoot } from '../recovery/note/model.js';
import type { StandbyDigest } from '../recovery/standby/find.js';
import type { RpmPlan } from '../rpm/rpm-plan.js';
import type { SnapshotDiff } from '../snapshot/diff-model.js';

export const RECORD_SCHEMA = 'saferpm.run/1';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'refused' | 'interrupted' | 'planned';

export interface CommandRecord {
  argv: string[];
  /** What this command was for: 'preflight', 'userland', 'kernels', 'erase-old-kernels', ... */
  purpose: string;
  exitCode: number;
  signal?: string;
  startedAt: string;
  durationMs: number;
  /** Failures rpm reported on stderr even when it exited 0: "scriptlet failed", "error: ..." lines. */
  problems: string[];
}

export type PackageAction = 'upgraded' | 'downgraded' | 'installed' | 'installed-beside' | 'reinstalled' | 'erased' | 'unchanged' | 'skipped';

export interface PackageChange {
  name: string;
  arch: string;
  /** Installed EVRs of this name before the run ("write down the current version"). */
  before: string[];
  /** Installed EVRs after the run. */
  after: string[];
  /** EVR the run was asked to put in place ("the version to be updated"). */
  target?: string;
  action: PackageAction;
  installOnly: boolean;
  /** The package file used, when from the rpm command line. */
  file?: string;
  /** A copy of the replaced version's package file (standby), or null when none was found. */
  standby?: Record<string, string | null>;
}

/** One group of --one-at-a-time: the smallest set rpm accepts on its own. */
export interface Increment {
  /** NEVRAs of the group's packages. */
  packages: string[];
  status: 'applied' | 'failed' | 'stopped-after' | 'not-applied';
  /** Why the run stopped at or before this group. */
  reason?: string;
}

export interface RunRecord {
  schema: typeof RECORD_SCHEMA;
  id: string;
  tool: 'rpm' | 'dnf' | 'yum';
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  host: string;
  /** Who ran it: SUDO_USER when run through sudo, else the user name. */
  user: string;
  /** The command line exactly as given (after 'saferpm'). */
  commandLine: string[];
  root: string;
  runningKernel?: string;
  /** The plan, as printed by --dry-run: the rpm plan, the dnf plan, or the dnf command saferpm could not resolve. */
  plan?: RecordedPlan;
  commands: CommandRecord[];
  packages: PackageChange[];
  /** Boot check verdict (src/bootloader), when a kernel or boot-critical package changed. */
  boot?: RecordedBoot;
  /** Where the recovery note was written. */
  note?: { path: string; latest?: string; boot?: string; error?: string };
  /** Snapshots, diff, config backups, integrity, changelogs (src/snapshot, src/audit). */
  audit?: RunAudit;
  /** Every safety step that ran, in order, with its outcome (src/run/transaction.ts). Absent in records of saferpm before 'steps'. */
  steps?: StepRecord[];
  /** --one-at-a-time: the groups in order, what was applied and what was not. */
  increments?: Increment[];
  warnings: string[];
  /** The saferpm process that ran it (pid, start time from /proc): a 'running' record whose process is gone is a run that died (src/recovery/history/dead.ts). */
  process?: { pid: number; startTime: string };
  /** When a later saferpm command found that process gone with the record still 'running', and completed it from the rpm database. */
  diedAt?: string;
  /** Interrupting signal, when status is 'interrupted'. */
  signal?: string;
  exitCode?: number;
  /** saferpm reboot --trial of this run's kernel (src/trial, docs/trial-boot.md): its end and its steps. */
  trial?: RunTrial;
}

export interface RunTrial {
  id: string;
  kernel: string;
  knownGood: string;
  status: string;
  reason?: string;
  steps: { at: string; step: string; ok: boolean; detail: string }[];
}

/** Why saferpm could not tell beforehand what a dnf command changes. */
export type UnresolvedReason = { kind: 'unknown-command'; command: string } | { kind: 'unreadable'; why: string };

/** A dnf command whose effect saferpm could not determine, run with --saferpm-allow-unresolved (src/drivers/dnf/unresolved.ts). */
export interface UnresolvedDnfRun {
  command: string;
  argv: string[];
  unresolved: UnresolvedReason;
}

/**
 * The boot section: the boot check's verdict, which every run writes; or the
 * recovery note's own boot section (src/recovery/note/model.ts), which a
 * record written for 'saferpm note' by hand may hold, and the note uses as it is.
 */
export type RecordedBoot = BootVerdict | NoteBoot;

/** What the run planned: the rpm plan (src/rpm/rpm-plan.ts), the dnf transaction (src/drivers/dnf/transaction.ts), or an unresolved dnf run. */
export type RecordedPlan = RpmPlan | DnfTransaction | UnresolvedDnfRun;

/** The safety steps' findings; each key is there when its step ran and had something to say. */
export interface RunAudit {
  /** --changelog: the entries newer than the installed versions. */
  changelogs?: PackageChangelog[];
  /** Per replaced package (NEVRA): a copy of its package file, or null when none was found. */
  standby?: Record<string, string | null>;
  /** Per standby copy found (path inside the root): what undo checks again before installing it. */
  standbyDigests?: Record<string, StandbyDigest>;
  /** The configuration backup: its folder (host path) and how many files it holds. */
  configBackup?: { dir: string; files: number };
  configFiles?: ConfigFileReport[];
  integrity?: IntegrityChange[];
  /** The patch plan's file-integrity tool: its command, exit code, verdict and where its output was saved. */
  integrityTool?: { argv: string[]; exitCode: number; verdict: IntegrityVerdict; output: string };
  snapshotDiff?: SnapshotDiff;
  /** The human summary as shown at the end of the run. */
  summary?: string[];
}

export type StepPhase = 'before' | 'after' | 'refused';

/**
 * pass: the step did its job; warn: it did, and found something to look at
 * (the boot check's "do not reboot", a missing standby copy); fail: it could
 * not do its job (it threw: a required step refused the run, any other one
 * left a warning); skip: it had nothing to do or was turned off, and detail
 * says which.
 */
export type StepOutcome = 'pass' | 'warn' | 'fail' | 'skip';

/** One side of one safety step, as it ran. */
export interface StepRecord {
  name: string;
  phase: StepPhase;
  outcome: StepOutcome;
  detail?: string;
  durationMs: number;
}
