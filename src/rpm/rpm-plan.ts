/**
 * The transaction plan: pure, serializable, printed by --dry-run and kept in
 * the run record. Every non-install-only package goes through the mode the
 * user asked for, unchanged. Every install-only package (a kernel) given to
 * -U is installed with -i instead, so the installed kernels stay; with -F only
 * when an older version of it is installed (rpm -F semantics). Non-kernel
 * packages go first, so a new kernel's scriptlets find the userland they need
 * (dracut, firmware).
 */
import { modeFlag } from './argv.js';
import { compareEvr, compareEvrStrings } from './evr.js';
import { evrString, nevra, type RpmPackage } from './package.js';
import type { Classification } from './classify.js';
import { planErase, type EraseSelection } from './plan-erase.js';
import { incrementGroups } from './increments.js';

export type InstallMode = 'install' | 'upgrade' | 'freshen';

export interface PlannedPackage {
  file: string;
  nevra: string;
  name: string;
  arch: string;
  evr: string;
  installOnly: boolean;
  classification?: string;
  /** What will happen to it. */
  action: 'as-asked' | 'install-beside' | 'skip';
  /** Installed versions of this name (and arch) before the run. */
  installed: string[];
  /** One line saying why. */
  reason: string;
}

export interface PlanStep {
  purpose: 'userland' | 'kernels' | 'erase-old-kernels';
  mode: InstallMode | 'erase';
  /** Package files, or for erase the NEVRAs. */
  packages: string[];
  /** rpm's arguments (without the binary). */
  args: string[];
  why: string;
}

/**
 * --one-at-a-time: one group of the plan (src/rpm/increments.ts), applied on its
 * own with the checks between groups; its own rpm commands, kernels with -i.
 */
export interface PlanIncrement {
  /** NEVRAs of the group's packages. */
  packages: string[];
  steps: PlanStep[];
}

export interface RpmPlan {
  mode: InstallMode;
  runningKernel?: string;
  packages: PlannedPackage[];
  /** The rpm commands; with --one-at-a-time the commands of the increments instead, then the erase step if any. */
  steps: PlanStep[];
  /** --one-at-a-time: the groups in the order they are applied (the erase step, if any, follows the last). */
  increments?: PlanIncrement[];
  /** Kernels to erase after a successful install (--keep-kernels). */
  erase: EraseSelection;
  warnings: string[];
}

/**
 * The options that shape a plan, taken from the command line once (argv.ts
 * rpmPlanOptions); the plan never reads the command line itself.
 */
export interface RpmPlanOptions {
  /** rpm's arguments for one transaction: the user's options with this mode and these package files. */
  rpmArgs(mode: InstallMode, packages: readonly string[]): string[];
  /** rpm's arguments for erasing these NEVRAs: the user's global and erase-relevant options. */
  eraseArgs(nevras: readonly string[]): string[];
  /** --replacepkgs or --force: an installed version given again is reinstalled, not refused. */
  replacePackages: boolean;
  /** --allow-kernel-upgrade: install-only packages go through the mode asked. */
  allowKernelUpgrade: boolean;
  /** Keep at most this many versions of each install-only name; undefined or 0: erase nothing. */
  keepKernels?: number;
  /** --one-at-a-time: the plan carries its groups. */
  oneAtATime?: boolean;
}

export interface RpmPlanInput {
  mode: InstallMode;
  packages: { pkg: RpmPackage & { file: string }; cls: Classification }[];
  /** Installed packages with the same names, and every installed install-only package. */
  installed: { pkg: RpmPackage; cls: Classification }[];
  runningKernel?: string;
  options: RpmPlanOptions;
}

export function makeRpmPlan(input: RpmPlanInput): RpmPlan {
  const warnings: string[] = [];
  const byName = installedByName(input.installed);
  const planned = input.packages.map(({ pkg, cls }) => planPackage(input, pkg, cls, byName.get(pkg.name) ?? []));
  const userland = planned.filter((p) => p.action === 'as-asked').map((p) => p.file);
  const kernels = planned.filter((p) => p.action === 'install-beside').map((p) => p.file);
  const { options } = input;
  if (options.allowKernelUpgrade && planned.some((p) => p.installOnly && p.action === 'as-asked' && input.mode !== 'install')) {
    warnings.push(`--allow-kernel-upgrade: install-only packages go through ${modeFlag(input.mode)} and the installed versions WILL BE ERASED; if the new kernel does not boot there is nothing to fall back to`);
  }
  const steps: PlanStep[] = [];
  if (userland.length) {
    steps.push({
      purpose: 'userland',
      mode: input.mode,
      packages: userland,
      args: options.rpmArgs(input.mode, userland),
      why: kernels.length ? 'packages that are not install-only, as asked, before the kernels' : 'as asked',
    });
  }
  if (kernels.length) {
    steps.push({
      purpose: 'kernels',
      mode: 'install',
      packages: kernels,
      args: options.rpmArgs('install', kernels),
      why: 'install-only packages with -i, beside the installed versions',
    });
  }
  const erase = planErase(input, planned);
  if (erase.nevras.length) {
    steps.push({
      purpose: 'erase-old-kernels',
      mode: 'erase',
      packages: erase.nevras,
      args: options.eraseArgs(erase.nevras),
      why: `keep at most ${options.keepKernels} kernels (--keep-kernels); only after the install succeeded`,
    });
  }
  const plan: RpmPlan = { mode: input.mode, packages: planned, steps, erase, warnings };
  if (input.runningKernel) plan.runningKernel = input.runningKernel;
  if (options.oneAtATime) {
    plan.increments = planIncrements(input, planned);
    plan.steps = [...plan.increments.flatMap((g) => g.steps), ...steps.filter((s) => s.purpose === 'erase-old-kernels')];
  }
  return plan;
}

/**
 * The groups of --one-at-a-time, in the order they are applied: the packages
 * the plan applies (not those it skips), each group planned on its own
 * (kernels -i, the rest as asked) without erasing: old kernels are erased
 * only after every group was applied.
 */
function planIncrements(input: RpmPlanInput, planned: PlannedPackage[]): PlanIncrement[] {
  const applying = new Set(planned.filter((p) => p.action !== 'skip').map((p) => p.file));
  const groups = incrementGroups(input.packages.map((p) => p.pkg).filter((p) => applying.has(p.file)));
  return groups.map((group) => {
    const files = new Set(group.map((p) => p.file));
    const sub = makeRpmPlan({ ...input, packages: input.packages.filter((p) => files.has(p.pkg.file)), options: { ...input.options, keepKernels: 0, oneAtATime: false } });
    return { packages: group.map(nevra), steps: sub.steps };
  });
}

/** The installed packages by name, looked up once per package (a scan per package was quadratic: 2,000 packages, 0.5 s). */
function installedByName(installed: RpmPlanInput['installed']): Map<string, RpmPackage[]> {
  const byName = new Map<string, RpmPackage[]>();
  for (const { pkg } of installed) {
    const list = byName.get(pkg.name);
    if (list) list.push(pkg);
    else byName.set(pkg.name, [pkg]);
  }
  return byName;
}

function planPackage(input: RpmPlanInput, pkg: RpmPackage & { file: string }, cls: Classification, sameName: readonly RpmPackage[]): PlannedPackage {
  const same = sameName.filter((p) => sameArch(p.arch, pkg.arch));
  const base = {
    file: pkg.file,
    nevra: nevra(pkg),
    name: pkg.name,
    arch: pkg.arch,
    evr: evrString(pkg),
    installOnly: cls.installOnly,
    installed: same.map((s) => evrString(s)),
  };
  const withCls = cls.reason ? { ...base, classification: cls.reason } : base;
  if (!cls.installOnly) return { ...withCls, action: 'as-asked', reason: describeOrdinary(input.mode, pkg, same) };
  const flag = modeFlag(input.mode);
  if (input.options.allowKernelUpgrade && input.mode !== 'install') {
    return { ...withCls, action: 'as-asked', reason: `install-only, but --allow-kernel-upgrade: ${flag} as asked, erasing ${same.map(evrString).join(', ') || 'nothing'}` };
  }
  const exact = same.find((s) => compareEvr(s, pkg) === 0);
  if (exact && !input.options.replacePackages) {
    // rpm -F passes over an installed version silently (exit 0); -i and -U refuse it ("package ... is
    // already installed", the whole transaction, exit 1 or 2): the preflight's rpm --test says so, as rpm would.
    if (input.mode === 'freshen') return { ...withCls, action: 'skip', reason: `${pkg.name}-${evrString(pkg)} is already installed; rpm -F passes over it too` };
    return { ...withCls, action: 'install-beside', reason: `${pkg.name}-${evrString(pkg)} is already installed: rpm refuses it, as rpm ${flag} does (give --replacepkgs to reinstall it)` };
  }
  const older = same.filter((s) => compareEvr(s, pkg) < 0);
  if (input.mode === 'freshen' && older.length === 0) {
    return { ...withCls, action: 'skip', reason: `-F: no older ${pkg.name} is installed, so rpm -F would skip it too` };
  }
  if (input.mode === 'install') {
    return { ...withCls, action: 'install-beside', reason: `install-only: -i as asked${same.length ? `, beside ${same.map(evrString).join(', ')}` : ''}` };
  }
  const kept = same.map(evrString).join(', ');
  return {
    ...withCls,
    action: 'install-beside',
    reason: same.length
      ? `${pkg.name}-${evrString(pkg)}: ${flag} rewritten to -i so ${kept} ${same.length > 1 ? 'stay' : 'stays'} bootable`
      : `${pkg.name}-${evrString(pkg)}: ${flag} rewritten to -i (install-only; none installed yet)`,
  };
}

function describeOrdinary(mode: InstallMode, pkg: RpmPackage, same: RpmPackage[]): string {
  const to = evrString(pkg);
  if (same.length === 0) return mode === 'freshen' ? `not installed: rpm -F will skip it` : `new install of ${pkg.name}-${to}`;
  const from = same.map(evrString).join(', ');
  if (mode === 'install') return `-i as asked (installed: ${from})`;
  const cmp = Math.max(...same.map((s) => compareEvr(pkg, s)));
  return cmp > 0 ? `upgrade ${from} -> ${to}` : cmp === 0 ? `${to} is already installed` : `older than installed ${from} (rpm needs --oldpackage)`;
}

/**
 * rpm -F changes a package only when an older version of its name is installed
 * (a same or newer version is passed over silently, exit 0). -F of files none
 * of which would change is "nothing to do", as rpm says by saying nothing.
 */
export function wouldFreshen(p: PlannedPackage): boolean {
  return p.action === 'install-beside' || (p.action === 'as-asked' && p.installed.some((v) => compareEvrStrings(v, p.evr) < 0));
}

/** noarch replaces any arch and any arch replaces noarch, as rpm's upgrade does for the same name. */
function sameArch(a: string, b: string): boolean {
  return a === b || a === 'noarch' || b === 'noarch';
}
