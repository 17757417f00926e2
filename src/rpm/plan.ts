/**
 * The transaction plan: pure, serializable, printed by --dry-run and kept in
 * the run record. Every non-install-only package goes through the mode the
 * user asked for, unchanged. Every install-only package (a kernel) given to
 * -U is installed with -i instead, so the installed kernels stay; with -F only
 * when an older version of it is installed (rpm -F semantics). Non-kernel
 * packages go first, so a new kernel's scriptlets find the userland they need
 * (dracut, firmware).
 */
import { buildRpmArgs, modeFlag, type RpmCommandLine } from './argv.js';
import { compareEvr, compareEvrStrings } from './evr.js';
import { evrString, nevra, type RpmPackage } from './package.js';
import type { Classification } from './classify.js';
import { planErase, type EraseSelection } from './plan-erase.js';

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

export interface TransactionPlan {
  mode: InstallMode;
  runningKernel?: string;
  packages: PlannedPackage[];
  steps: PlanStep[];
  /** Kernels to erase after a successful install (--keep-kernels). */
  erase: EraseSelection;
  warnings: string[];
}

export interface PlanInput {
  cl: RpmCommandLine;
  mode: InstallMode;
  packages: { pkg: RpmPackage & { file: string }; cls: Classification }[];
  /** Installed packages with the same names, and every installed install-only package. */
  installed: { pkg: RpmPackage; cls: Classification }[];
  runningKernel?: string;
  allowKernelUpgrade: boolean;
  /** Keep at most this many versions of each install-only name; undefined or 0: erase nothing. */
  keepKernels?: number;
}

export function makePlan(input: PlanInput): TransactionPlan {
  const warnings: string[] = [];
  const byName = installedByName(input.installed);
  const planned = input.packages.map(({ pkg, cls }) => planPackage(input, pkg, cls, byName.get(pkg.name) ?? []));
  const userland = planned.filter((p) => p.action === 'as-asked').map((p) => p.file);
  const kernels = planned.filter((p) => p.action === 'install-beside').map((p) => p.file);
  if (input.allowKernelUpgrade && planned.some((p) => p.installOnly && p.action === 'as-asked' && input.mode !== 'install')) {
    warnings.push(`--allow-kernel-upgrade: install-only packages go through ${modeFlag(input.mode)} and the installed versions WILL BE ERASED; if the new kernel does not boot there is nothing to fall back to`);
  }
  const steps: PlanStep[] = [];
  if (userland.length) {
    steps.push({
      purpose: 'userland',
      mode: input.mode,
      packages: userland,
      args: buildRpmArgs(input.cl, input.mode, userland),
      why: kernels.length ? 'packages that are not install-only, as asked, before the kernels' : 'as asked',
    });
  }
  if (kernels.length) {
    steps.push({
      purpose: 'kernels',
      mode: 'install',
      packages: kernels,
      args: buildRpmArgs(input.cl, 'install', kernels),
      why: 'install-only packages with -i, beside the installed versions',
    });
  }
  const erase = planErase(input, planned);
  if (erase.nevras.length) {
    steps.push({
      purpose: 'erase-old-kernels',
      mode: 'erase',
      packages: erase.nevras,
      args: buildEraseArgs(input.cl, erase.nevras),
      why: `keep at most ${input.keepKernels} kernels (--keep-kernels); only after the install succeeded`,
    });
  }
  const plan: TransactionPlan = { mode: input.mode, packages: planned, steps, erase, warnings };
  if (input.runningKernel) plan.runningKernel = input.runningKernel;
  return plan;
}

/** The installed packages by name, looked up once per package (a scan per package was quadratic: 2,000 packages, 0.5 s). */
function installedByName(installed: PlanInput['installed']): Map<string, RpmPackage[]> {
  const byName = new Map<string, RpmPackage[]>();
  for (const { pkg } of installed) {
    const list = byName.get(pkg.name);
    if (list) list.push(pkg);
    else byName.set(pkg.name, [pkg]);
  }
  return byName;
}

function planPackage(input: PlanInput, pkg: RpmPackage & { file: string }, cls: Classification, sameName: readonly RpmPackage[]): PlannedPackage {
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
  if (input.allowKernelUpgrade && input.mode !== 'install') {
    return { ...withCls, action: 'as-asked', reason: `install-only, but --allow-kernel-upgrade: ${flag} as asked, erasing ${same.map(evrString).join(', ') || 'nothing'}` };
  }
  const exact = same.find((s) => compareEvr(s, pkg) === 0);
  if (exact && !input.cl.flags.has('replacepkgs') && !input.cl.flags.has('force')) {
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

/** rpm -e with the user's global and erase-relevant options (--root, --dbpath, --define, --nodeps, --test, -v). */
function buildEraseArgs(cl: RpmCommandLine, nevras: string[]): string[] {
  const passOn = new Set(['nodeps', 'noscripts', 'test', 'verbose', 'quiet', 'notriggers', 'noplugins', 'justdb']);
  const args = ['-e', ...cl.globalArgs];
  for (const f of cl.flags) if (passOn.has(f)) args.push(`--${f}`);
  return [...args, '--', ...nevras];
}
