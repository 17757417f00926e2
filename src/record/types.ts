/**
 * The run record: what one saferpm run was asked, planned, ran and changed.
 * Written under ROOT/var/lib/saferpm/runs/<id>/record.json (atomically, at
 * every stage, so a crash leaves the last complete stage), and the same
 * object is the --report JSON. Schema: schema/run-report.schema.json.
 */

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
  /** The transaction plan (src/rpm/rpm-plan.ts), as printed by --dry-run. */
  plan?: unknown;
  commands: CommandRecord[];
  packages: PackageChange[];
  /** Boot check verdict (src/bootloader), when a kernel or boot-critical package changed. */
  boot?: unknown;
  /** Where the recovery note was written. */
  note?: { path: string; latest?: string; boot?: string; error?: string };
  /** Snapshots, diff, config backups, integrity, changelogs (src/snapshot, src/audit). */
  audit?: Record<string, unknown>;
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
