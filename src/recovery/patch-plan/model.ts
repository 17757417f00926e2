/**
 * The patch plan (ROOT/etc/saferpm/plan.toml) as saferpm uses it: who to call,
 * what to watch, how to recover, where the patches were tried, and the policy
 * that changes what saferpm does. Pure: types, defaults and matching only.
 */

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

/** The developer or owner of one critical service on this host. */
export interface ServiceOwner extends Contact {
  service: string;
}

export interface PatchPlan {
  /** The plan file as seen from inside the root (/etc/saferpm/plan.toml). */
  file: string;
  contacts: { primary?: Contact; backup?: Contact; owners: ServiceOwner[] };
  /** Per service: mailing lists, advisories and sites to watch. */
  sources: Record<string, string[]>;
  recovery: { backupProcedure?: string; backupLocation?: string; ifPatchBreaks?: string };
  testing: { host?: string; date?: string; notes?: string };
  /** Only what the file sets; effectivePolicy() fills in the rest. */
  policy: Partial<Policy>;
  /** [trial]: saferpm reboot --trial (docs/trial-boot.md); absent when the file has no such table. */
  trial?: TrialPlan;
}

export interface TrialPlan {
  /** Minutes after the kernel started by which the trial boot must be healthy (default 10). */
  deadlineMinutes?: number;
  /** Argument vectors that must exit 0 on a healthy trial boot (e.g. ["curl", "-fsS", "http://localhost/health"]). */
  checkCommands: string[][];
}

export interface Policy {
  /** Kernels to keep after a run (0 = keep all); the default of --keep-kernels. */
  keepKernels: number;
  /** Refuse to replace a package without a standby copy of its installed version. */
  requireStandby: boolean;
  /** Argument vector run by 'saferpm reboot'. */
  rebootCommand: string[];
  /** Package names or provides added to the install-only list. */
  installonlyExtra: string[];
  /** Name patterns ('*' and '?') of packages whose change calls for a recovery note. */
  bootCritical: string[];
  /** Directories (inside the root) searched for copies of installed versions. */
  standbyDirs: string[];
  /** Argument vector of a file integrity check run after patching (e.g. aide --check). */
  integrityCommand?: string[];
  /** Mail the note to the contacts after a run. */
  mailNote: boolean;
}

/** Where the plan lives inside the root. */
export const PLAN_PATH = '/etc/saferpm/plan.toml';

/**
 * Packages whose change can stop the machine from booting. Each entry is
 * explained where the template writes it (plan-template.ts).
 */
export const DEFAULT_BOOT_CRITICAL: readonly string[] = [
  'kernel*', 'glibc', 'systemd', 'systemd-udev', 'dracut', 'mkinitrd', 'grub', 'grub2*', 'shim*', 'lilo',
  'syslinux*', 'initscripts', 'selinux-policy*', 'lvm2', 'device-mapper*', 'mdadm', 'cryptsetup*', 'kmod',
];

/**
 * keep_kernels defaults to 0 (keep all): rpm -i itself never erases a kernel,
 * and a drop-in must not start erasing them unasked. dnf's installonly_limit
 * default of 3 (libdnf Const.hpp) is what the template suggests.
 */
export const DEFAULT_POLICY: Readonly<Policy> = {
  keepKernels: 0,
  requireStandby: false,
  rebootCommand: ['systemctl', 'reboot'],
  installonlyExtra: [],
  bootCritical: [...DEFAULT_BOOT_CRITICAL],
  standbyDirs: [],
  mailNote: false,
};

export function effectivePolicy(plan?: PatchPlan): Policy {
  const set = plan?.policy ?? {};
  const policy: Policy = { ...DEFAULT_POLICY, ...stripUndefined(set) };
  return {
    ...policy,
    rebootCommand: [...policy.rebootCommand],
    installonlyExtra: [...policy.installonlyExtra],
    bootCritical: [...policy.bootCritical],
    standbyDirs: [...policy.standbyDirs],
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether a package name matches one of the boot-critical patterns. */
export function isBootCritical(name: string, policy: Pick<Policy, 'bootCritical'>): boolean {
  return policy.bootCritical.some((pattern) => globMatch(pattern, name));
}

/** fnmatch(3)-style '*' and '?' (what dnf accepts in protected_packages and excludes). */
export function globMatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}
