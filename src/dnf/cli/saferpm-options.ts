/**
 * saferpm's own options inside `saferpm dnf|yum ...`. All are long options
 * starting with --saferpm-, a prefix no dnf option (nor any abbreviation of
 * one) can have, so they never change what dnf is told; they are removed
 * before dnf runs. This table is also the source of the help text.
 */
import { UsageError } from '../../errors.js';

export interface DnfSaferpmOptions {
  dryRun?: boolean;
  report?: string;
  allowFewerKernels?: boolean;
  allowOnlyRunningKernel?: boolean;
  allowUnresolved?: boolean;
  runningKernel?: string;
  noBootCheck?: boolean;
  requireStandby?: boolean;
  changelog?: boolean;
}

export const DNF_SAFERPM_OPTIONS = {
  'dry-run': { help: "print what dnf would do, the kernels before and after, the advisories and saferpm's findings; change nothing" },
  report: { value: 'FILE', help: 'write the machine-readable run report (JSON, the same as the rpm path) to FILE' },
  'allow-fewer-kernels': { help: 'carry out a transaction that leaves fewer than two kernels (or erases the running one)' },
  'allow-only-running-kernel': { help: 'carry out a transaction that leaves only the running kernel (never one that erases it or part of a kernel that stays)' },
  'allow-unresolved': { help: 'carry out a transaction whose effect saferpm could not determine, or a dnf command it does not know' },
  'running-kernel': { value: 'VERSION', help: "the known-good kernel (default: 'uname -r' when the root is /)" },
  'no-boot-check': { help: 'do not run the boot check after a kernel changed (the run record says it was skipped)' },
  'require-standby': { help: 'refuse to replace a package unless a copy of its installed version is on standby' },
  changelog: { help: "before the transaction, show each upgraded package's changelog entries newer than the installed version (from the repositories' metadata, read by dnf repoquery --changelogs)" },
} as const satisfies Record<string, { value?: string; help: string }>;

export const SAFERPM_PREFIX = '--saferpm-';

/** The option's spec, or undefined when NAME (after --saferpm-) is not one. */
export function dnfOptionSpec(name: string): { value?: string; help: string } | undefined {
  return (DNF_SAFERPM_OPTIONS as Record<string, { value?: string; help: string }>)[name];
}

export function setDnfSaferpmOption(o: DnfSaferpmOptions, name: string, value: string | undefined): void {
  switch (name) {
    case 'dry-run': o.dryRun = true; break;
    case 'report':
      if (!value) throw new UsageError('--saferpm-report needs a file name', 'e.g. --saferpm-report /var/tmp/patch.json');
      o.report = value;
      break;
    case 'allow-fewer-kernels': o.allowFewerKernels = true; break;
    case 'allow-only-running-kernel': o.allowOnlyRunningKernel = true; break;
    case 'allow-unresolved': o.allowUnresolved = true; break;
    case 'running-kernel':
      if (!value || /\s|\//.test(value)) throw new UsageError(`--saferpm-running-kernel takes a kernel version such as 6.1.10-1.x86_64, not '${value ?? ''}'`);
      o.runningKernel = value;
      break;
    case 'no-boot-check': o.noBootCheck = true; break;
    case 'require-standby': o.requireStandby = true; break;
    case 'changelog': o.changelog = true; break;
    default:
      throw new UsageError(`unknown saferpm option --saferpm-${name}`, `saferpm's options in 'saferpm dnf' are: ${Object.keys(DNF_SAFERPM_OPTIONS).map((n) => SAFERPM_PREFIX + n).join(', ')}`);
  }
}
