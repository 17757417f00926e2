/**
 * The kernels before and after a dnf transaction, and the refusals that
 * follow: a transaction that erases kernels and leaves fewer than two (no
 * fallback if the new one does not boot), that erases the running kernel,
 * or that erases part of a kernel that stays (its modules). Kernels are
 * counted by the kernel version they boot (uname -r), from the installed
 * packages' files; an incoming package is a kernel when an installed package
 * of its name ships a kernel image. Pure.
 */
import { evrString, nevra, type RpmPackage } from '../../rpm/package.js';
import type { Classification } from '../../rpm/classify.js';
import { refuse, warn, type Finding } from '../findings.js';
import type { DnfTable, PackageRef } from '../resolve/parse-table.js';

export interface InstalledInstallOnly {
  pkg: RpmPackage;
  cls: Classification;
}

export interface KernelOutcome {
  /** Kernel versions (uname -r) installed before, sorted. */
  before: string[];
  after: string[];
  /** Install-only packages the transaction erases (NEVRA). */
  erased: string[];
  /** Erased install-only packages with the kernel versions they belong to. */
  erasedVersions: { nevra: string; kernelVersions: string[] }[];
}

export const OVERRIDE_KERNELS = '--saferpm-allow-fewer-kernels';
/** Narrower: fewer than two kernels may stay, as long as the running kernel is one of them, whole. */
export const OVERRIDE_ONLY_RUNNING = '--saferpm-allow-only-running-kernel';

/**
 * Commands that take the system back to the packages of an earlier
 * transaction (dnf/cli/commands/history.py): erasing the kernels that
 * transaction brought in is their point.
 */
export const RETURNING_COMMANDS = new Set(['history undo', 'history rollback']);

/** A kernel image: /boot/vmlinuz-V or /lib/modules/V/vmlinuz (what the boot loader loads). */
export function isKernelImage(p: Pick<RpmPackage, 'files'>): boolean {
  return p.files.some((f) => /^\/boot\/vmlinuz-[^/]+$/.test(f.path) || /^\/(usr\/)?lib\/modules\/[^/]+\/vmlinuz$/.test(f.path));
}

export function kernelOutcome(installed: InstalledInstallOnly[], t: DnfTable): KernelOutcome {
  const images = installed.filter((i) => isKernelImage(i.pkg));
  const erased = installed.filter((i) => erasedBy(t, i.pkg));
  const before = images.flatMap((i) => i.cls.kernelVersions);
  const kept = images.filter((i) => !erased.includes(i)).flatMap((i) => i.cls.kernelVersions);
  const incoming = t.items.filter((i) => i.action !== 'remove').flatMap((i) => incomingKernelVersions(i, installed));
  return {
    before: uniqueSorted(before),
    after: uniqueSorted([...kept, ...incoming]),
    erased: erased.map((i) => nevra(i.pkg)),
    erasedVersions: erased.map((i) => ({ nevra: nevra(i.pkg), kernelVersions: i.cls.kernelVersions })),
  };
}

export interface KernelCheckContext {
  /** The known-good kernel (uname -r, or --saferpm-running-kernel): it booted this machine. */
  runningKernel?: string;
  /** dnf's command in its own name ('history undo'). */
  command?: string;
}

export function kernelFindings(o: KernelOutcome, c: KernelCheckContext = {}): Finding[] {
  const { runningKernel } = c;
  const findings: Finding[] = [];
  const broken = o.erasedVersions.filter((e) => e.kernelVersions.some((v) => o.after.includes(v)));
  const runningErased = Boolean(runningKernel && o.erasedVersions.some((e) => e.kernelVersions.includes(runningKernel)));
  if (o.erased.length > 0 && o.after.length < 2) findings.push(fewerKernels(o, c, runningErased || broken.length > 0));
  if (runningErased) {
    findings.push(refuse('running-kernel-erased', `the transaction erases the running kernel ${runningKernel}`, OVERRIDE_KERNELS));
  }
  if (broken.length > 0) {
    const names = broken.map((b) => b.nevra).join(', ');
    findings.push(refuse('kernel-part-erased', `the transaction erases ${names} while its kernel stays installed: that kernel would be left without it (upgraded in place?)`, OVERRIDE_KERNELS));
  }
  return findings;
}

/**
 * Fewer than two kernels left. When the one left is the running kernel, whole
 * (it booted this machine: the known-good kernel), 'history undo' and
 * 'history rollback' that only go back to kernels installed before are
 * allowed with a warning; anything else is refused, and the narrower override
 * (the running kernel must stay) is enough.
 */
function fewerKernels(o: KernelOutcome, c: KernelCheckContext, runningHurt: boolean): Finding {
  const left = o.after.length === 0 ? 'no kernel' : `only ${o.after.join(', ')}`;
  const what = `the transaction erases ${o.erased.join(', ')} and leaves ${left}`;
  const returning = c.command !== undefined && RETURNING_COMMANDS.has(c.command) && o.after.every((v) => o.before.includes(v));
  const runningStays = Boolean(c.runningKernel && o.after.includes(c.runningKernel) && !runningHurt);
  if (!runningStays) {
    const unknown = returning && !c.runningKernel ? " (the running kernel is unknown: with --saferpm-running-kernel VERSION, going back to it alone is allowed)" : '';
    return refuse('fewer-kernels', `${what}: nothing to fall back to if a kernel does not boot${unknown}`, OVERRIDE_KERNELS);
  }
  if (returning) {
    return warn('fewer-kernels-undo', `'${c.command}' erases ${o.erased.join(', ')} and goes back to the kernels installed before: only the running kernel ${c.runningKernel} stays, which booted this machine`);
  }
  return refuse('fewer-kernels', `${what} (the running kernel): nothing to fall back to if it does not boot again`, OVERRIDE_ONLY_RUNNING);
}

/** Is this installed package erased or replaced by the transaction? */
export function erasedBy(t: DnfTable, p: RpmPackage): boolean {
  const evr = evrString(p);
  const same = (r: PackageRef): boolean => r.name === p.name && r.arch === p.arch && r.evr === evr;
  return t.items.some((i) => {
    if (i.replacing.some(same)) return true;
    if (i.action === 'remove') return same(i);
    // rpm -U and -U --oldpackage replace every installed version of the name (and arch)
    return (i.action === 'upgrade' || i.action === 'downgrade') && i.name === p.name && archCompatible(i.arch, p.arch);
  });
}

function archCompatible(a: string, b: string): boolean {
  return a === b || a === 'noarch' || b === 'noarch';
}

/**
 * The uname -r of an incoming package that is a kernel (an installed package
 * of its name ships a kernel image): VERSION-RELEASE.ARCH when the installed
 * kernels of that name follow that rule (Fedora, RHEL, SUSE do), else its
 * NEVRA (still distinct from every installed kernel). [] when not a kernel.
 */
export function incomingKernelVersions(i: PackageRef, installed: InstalledInstallOnly[]): string[] {
  const sameName = installed.filter((m) => m.pkg.name === i.name && isKernelImage(m.pkg));
  if (sameName.length === 0) return [];
  const ruleHolds = sameName.every((m) => m.cls.kernelVersions.includes(`${m.pkg.version}-${m.pkg.release}.${m.pkg.arch}`));
  const vr = i.evr.replace(/^\d+:/, '');
  return [ruleHolds ? `${vr}.${i.arch}` : `${i.name}-${i.evr}.${i.arch}`];
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}
