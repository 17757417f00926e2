/**
 * The exact commands that undo a run, from its package changes. Pure.
 *
 * - Added versions (a new kernel beside the old, a new package) are erased by
 *   name-version-release.arch. rpm 4.18 also takes name-epoch:version-...,
 *   but the rpm of RHEL 5 and 6 (4.4, 4.8) does not: the epoch-less form
 *   works on every machine this note may be read on.
 * - Replaced versions come back from their standby package files: upgrades
 *   with rpm -Uvh --oldpackage (rpm refuses an older version without it);
 *   install-only packages (kernels) and erased packages with rpm -ivh
 *   --oldpackage, beside what is there, as they were installed.
 * The old versions go back first, then the new ones are erased, so that at no
 * point is there less to boot from than before.
 */
import type { PackageChange } from '../../record/types.js';
import { parseEvr } from '../../rpm/evr.js';
import { addedEvrs, removedEvrs } from './model.js';

export interface UndoStep {
  /** The package version this step is about: name-version-release.arch. */
  nvra: string;
  /** The standby package file (path inside the root), or null when none was found. */
  file: string | null;
}

export interface UndoPlan {
  /** Versions to put back with rpm -Uvh --oldpackage. */
  downgrade: UndoStep[];
  /** Versions to put back beside others with rpm -ivh --oldpackage. */
  reinstall: UndoStep[];
  /** Versions this run added, to erase with rpm -e. */
  erase: string[];
}

export function undoPlan(packages: readonly PackageChange[]): UndoPlan {
  const plan: UndoPlan = { downgrade: [], reinstall: [], erase: [] };
  for (const p of packages) {
    if (p.action === 'unchanged' || p.action === 'skipped' || p.action === 'reinstalled') continue;
    const replaced = removedEvrs(p).map((evr) => ({ nvra: nvraOf(p, evr), file: standbyOf(p, evr) }));
    const sideBySide = p.installOnly || p.action === 'erased';
    if (sideBySide) plan.reinstall.push(...replaced);
    else plan.downgrade.push(...replaced);
    const kept = !sideBySide && replaced.length > 0; // rpm -U of the old version replaces the new one
    if (!kept) plan.erase.push(...addedEvrs(p).map((evr) => nvraOf(p, evr)));
  }
  return plan;
}

/** One rpm command of an undo plan, as an argument vector (without 'rpm'). */
export interface UndoArgv {
  kind: 'downgrade' | 'reinstall' | 'erase';
  /** rpm's options, then the package files (paths inside the root) or the NVRAs to erase. */
  args: string[];
}

/** The rpm commands of an undo plan, in the order they must run; steps without a standby file are left out. */
export function undoArgv(plan: UndoPlan): UndoArgv[] {
  const out: UndoArgv[] = [];
  const files = (steps: UndoStep[]): string[] => steps.flatMap((s) => (s.file ? [s.file] : []));
  if (files(plan.downgrade).length) out.push({ kind: 'downgrade', args: ['-Uvh', '--oldpackage', ...files(plan.downgrade)] });
  if (files(plan.reinstall).length) out.push({ kind: 'reinstall', args: ['-ivh', '--oldpackage', ...files(plan.reinstall)] });
  if (plan.erase.length) out.push({ kind: 'erase', args: ['-e', ...plan.erase] });
  return out;
}

/** The shell commands of an undo plan, in the order they must run. */
export function undoCommands(plan: UndoPlan): string[] {
  return undoArgv(plan).map((c) => ['rpm', ...c.args].join(' '));
}

/** Versions to put back for which no package file was found. */
export function missingStandby(plan: UndoPlan): string[] {
  return [...plan.downgrade, ...plan.reinstall].filter((s) => !s.file).map((s) => s.nvra);
}

export function nvraOf(p: Pick<PackageChange, 'name' | 'arch'>, evr: string): string {
  const { version, release } = parseEvr(evr);
  return `${p.name}-${version}${release !== undefined ? `-${release}` : ''}.${p.arch}`;
}

/** The record keeps standby copies by EVR (or by name-[epoch:]version-release.arch). */
function standbyOf(p: PackageChange, evr: string): string | null {
  const s = p.standby;
  if (!s) return null;
  return s[evr] ?? s[`${p.name}-${evr}.${p.arch}`] ?? s[nvraOf(p, evr)] ?? null;
}
