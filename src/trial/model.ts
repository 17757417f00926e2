/**
 * A trial boot (docs/trial-boot.md): the new kernel booted once through a
 * copy of its entry, the default pinned on the known-good kernel, and the
 * steps that led to the verdict. The object is the trial's state file
 * (ROOT/var/lib/saferpm/trial/current.json while in progress, <id>.json
 * after) and the 'saferpm trial status --json' output
 * (schema/trial.schema.json). Pure: types and small helpers.
 */

export const TRIAL_SCHEMA = 'saferpm.trial/1';
export const EXCLUDED_SCHEMA = 'saferpm.trial-excluded/1';

/** What the kernel command line of the trial entry gains (docs/trial-boot.md, "What covers a hang"). */
export const TRIAL_ARGS = ['panic=10', 'rd.emergency=reboot', 'systemd.crash_reboot=1'];
/** The marker the trial unit's ConditionKernelCommandLine= tests, followed by =ID. */
export const TRIAL_MARK = 'saferpm.trial';
export const DEFAULT_DEADLINE_MINUTES = 10;

/**
 * armed: the next boot is the trial; checking: the trial boot reached 'saferpm
 * trial check'; unhealthy: the check failed and the machine is rebooting to the
 * known-good kernel; the others are final.
 */
export type TrialStatus = 'armed' | 'checking' | 'unhealthy' | 'promoted' | 'fell-back' | 'abandoned';
export const FINAL: readonly TrialStatus[] = ['promoted', 'fell-back', 'abandoned'];

export interface TrialStep {
  at: string;
  /** gate, note, pin, arm, verify, reboot, check, promote, reboot-to-fallback, fell-back, abandon, exclude, ... */
  step: string;
  ok: boolean;
  detail: string;
}

/** How the trial entry was added, so that it can be removed exactly. */
export interface TrialEntry {
  /** The id next_entry names. */
  id: string;
  /** bls-file: its own file in /boot/loader/entries; custom-cfg: a marked block in grub.cfg's custom.cfg. */
  kind: 'bls-file' | 'custom-cfg';
  /** Inside the root. */
  file: string;
  title: string;
  /** The kernel command line it boots with, as GRUB expands it. */
  args: string;
  /** custom-cfg: custom.cfg did not exist before the trial (it goes with the block). */
  created?: boolean;
}

export interface HealthResult {
  id: string;
  ok: boolean;
  detail: string;
}

export interface Trial {
  schema: typeof TRIAL_SCHEMA;
  id: string;
  /** The patch run that installed the kernel, when the latest run did. */
  runId?: string;
  status: TrialStatus;
  host: string;
  user: string;
  /** uname -r of the kernel on trial. */
  kernel: string;
  /** uname -r of the kernel the machine falls back to. */
  knownGood: string;
  loader: 'grub2' | 'bls';
  /** grubenv and the boot configuration, inside the root. */
  envFile: string;
  configFile: string;
  /** The value saved_entry holds until the verdict (the known-good entry). */
  knownGoodEntry: string;
  /** The value saved_entry gets at promotion (the new kernel's own entry). */
  newEntry: string;
  trialEntry: TrialEntry;
  /** saved_entry before the trial (kernel-install may already have moved it to the new kernel). */
  savedEntryBefore?: string;
  /** /etc/sysconfig/kernel's UPDATEDEFAULT line before the trial, when saferpm rewrote it. */
  updateDefault?: { file: string; before: string };
  deadlineMinutes: number;
  armedAt: string;
  finishedAt?: string;
  /** Why it fell back, was abandoned or found unhealthy. */
  reason?: string;
  /** The last round of health checks. */
  health?: HealthResult[];
  steps: TrialStep[];
}

export interface ExcludedKernel {
  kernel: string;
  trialId: string;
  at: string;
  reason: string;
}

export interface ExcludedList {
  schema: typeof EXCLUDED_SCHEMA;
  kernels: ExcludedKernel[];
}

export function addStep(t: Trial, step: string, ok: boolean, detail: string, now = new Date()): void {
  t.steps.push({ at: now.toISOString(), step, ok, detail });
}

export function isFinal(t: Trial): boolean {
  return FINAL.includes(t.status);
}

/** The trial id on a kernel command line (saferpm.trial=ID), if any. Pure. */
export function trialIdOnCmdline(cmdline: string): string | undefined {
  for (const word of cmdline.trim().split(/\s+/)) {
    if (word === TRIAL_MARK) return '';
    if (word.startsWith(`${TRIAL_MARK}=`)) return word.slice(TRIAL_MARK.length + 1);
  }
  return undefined;
}

/** The trial entry's command line: the new kernel's, then the trial arguments (the kernel takes the last of a repeated one). */
export function trialArgs(args: string, id: string): string {
  return [args.trim(), ...TRIAL_ARGS, `${TRIAL_MARK}=${id}`].filter(Boolean).join(' ');
}

export function trialEntryId(id: string): string {
  return `saferpm-trial-${id}`;
}
