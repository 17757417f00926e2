/**
 * saferpm's own options on the rpm command line. Long only, and none of them
 * is an rpm option, so they can never change what rpm itself is told. This
 * table is also the source of --help, the man page and the completions.
 */
import { UsageError } from '../errors.js';

export interface SaferpmOptions {
  dryRun?: boolean;
  report?: string;
  keepKernels?: number;
  allowKernelUpgrade?: boolean;
  runningKernel?: string;
  requireStandby?: boolean;
  changelog?: boolean;
  oneAtATime?: boolean;
  noBootCheck?: boolean;
}

export interface OptionSpec {
  value?: string;
  help: string;
}

export const SAFERPM_OPTIONS = {
  'dry-run': { help: 'print the plan (which rpm commands would run, on which packages, and why) and change nothing' },
  report: { value: 'FILE', help: 'write the machine-readable run report (JSON) to FILE' },
  'keep-kernels': { value: 'N', help: 'after a successful install, erase the oldest kernels beyond N (never the running one or the new one); 0 keeps all' },
  'allow-kernel-upgrade': { help: 'let -U/-F upgrade install-only packages (kernels) in place, erasing the old one: the dangerous old behaviour' },
  'running-kernel': { value: 'VERSION', help: "the known-good kernel (default: 'uname -r' when the root is /)" },
  'require-standby': { help: 'refuse to replace a package unless a copy of its installed version is on standby' },
  changelog: { help: 'show the changelog entries between the installed and the new version of each package before anything runs' },
  'one-at-a-time': { help: 'apply the plan in the smallest groups rpm accepts, checking between groups and stopping at the first bad one' },
  'no-boot-check': { help: 'do not run the boot check after a kernel changed (the run record says it was skipped)' },
} as const satisfies Record<string, OptionSpec>;

export type SaferpmOptionName = keyof typeof SAFERPM_OPTIONS;
export const optionSpec = (name: string): OptionSpec | undefined => (SAFERPM_OPTIONS as Record<string, OptionSpec>)[name];

export function parseSaferpmOption(o: SaferpmOptions, name: string, value: string | undefined): void {
  switch (name) {
    case 'dry-run': o.dryRun = true; break;
    case 'report':
      if (!value) throw new UsageError('--report needs a file name');
      o.report = value;
      break;
    case 'keep-kernels': {
      if (!/^\d+$/.test(value ?? '')) throw new UsageError(`--keep-kernels takes a whole number, not '${value}'`);
      const n = Number(value);
      if (n === 1) throw new UsageError('--keep-kernels 1 would leave no kernel to fall back to; use 2 or more (0 keeps all)');
      o.keepKernels = n;
      break;
    }
    case 'allow-kernel-upgrade': o.allowKernelUpgrade = true; break;
    case 'running-kernel':
      if (!value || /\s|\//.test(value)) throw new UsageError(`--running-kernel takes a kernel version such as 6.1.10-1.x86_64, not '${value ?? ''}'`);
      o.runningKernel = value;
      break;
    case 'require-standby': o.requireStandby = true; break;
    case 'changelog': o.changelog = true; break;
    case 'one-at-a-time': o.oneAtATime = true; break;
    case 'no-boot-check': o.noBootCheck = true; break;
    default: throw new UsageError(`unknown saferpm option --${name}`);
  }
}
