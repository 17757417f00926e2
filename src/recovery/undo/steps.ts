/**
 * From a run's package changes and the state of the machine now to the
 * saferpm commands that undo it. Pure: the caller says which standby files
 * exist. Every command goes through saferpm itself, as any run would:
 *   saferpm -Uvh --oldpackage FILES   (a run record, standby, note, boot check)
 *   saferpm -ivh --oldpackage FILES   (kernels beside the others)
 *   saferpm -e NVRAS                  (saferpm's erase guard: never the running kernel)
 * in note-undo.ts's order: the old versions back first, then the new ones
 * erased, so that at no point is there less to boot from than before.
 */
import { joinRoot } from '../../fs/rooted.js';
import { missingStandby, undoArgv, undoPlan, type UndoArgv, type UndoPlan } from '../note/undo.js';
import { compareState, describeLeft, type PackageState } from './state.js';
import type { PackageChange } from '../../record/types.js';
import type { RpmPackage } from '../../rpm/package.js';

export interface UndoDecision {
  plan: UndoPlan;
  /** Packages left alone, with the reason. */
  left: { package: string; reason: string }[];
  /** Versions to put back whose standby copy is missing (refused unless skipMissing). */
  missing: string[];
  states: PackageState[];
}

export interface DecideOptions {
  /** Standby files (paths inside the root) that exist now. */
  existing: ReadonlySet<string>;
  skipMissing: boolean;
}

export function decideUndo(changes: readonly PackageChange[], installedNow: readonly RpmPackage[], o: DecideOptions): UndoDecision {
  const states = compareState(changes, installedNow);
  const left: UndoDecision['left'] = [];
  const missing: string[] = [];
  const undo: PackageChange[] = [];
  for (const s of states) {
    const name = `${s.change.name}.${s.change.arch}`;
    if (s.state !== 'as-recorded') {
      left.push({ package: name, reason: describeLeft(s) });
      continue;
    }
    const gone = missingOf(undoPlan([s.change]), o.existing);
    if (gone.length === 0) undo.push(s.change);
    else if (o.skipMissing) left.push({ package: name, reason: `${name}: no standby copy of ${gone.join(', ')}; left alone (--skip-missing)` });
    else missing.push(...gone);
  }
  return { plan: undoPlan(undo), left, missing, states };
}

/** Versions without a standby file, or whose file is gone since the run. */
function missingOf(plan: UndoPlan, existing: ReadonlySet<string>): string[] {
  const gone = [...plan.downgrade, ...plan.reinstall].filter((s) => s.file && !existing.has(s.file)).map((s) => `${s.nvra} (${s.file} is gone)`);
  return [...missingStandby(plan), ...gone];
}

/** Standby files the changes name (inside the root), to check for existence. */
export function standbyFiles(changes: readonly PackageChange[]): string[] {
  const plan = undoPlan(changes);
  return [...plan.downgrade, ...plan.reinstall].flatMap((s) => (s.file ? [s.file] : []));
}

export interface SaferpmStep {
  kind: UndoArgv['kind'] | 'restore-config';
  /** saferpm's command line (after 'saferpm'). */
  argv: string[];
}

/** The saferpm command lines; package files become host paths (rpm opens them before chroot). */
export function saferpmSteps(plan: UndoPlan, o: { root: string; runningKernel?: string; hostPath?: (inRoot: string) => string }): SaferpmStep[] {
  const host = o.hostPath ?? ((p: string) => joinRoot(o.root, p));
  const common = [...(o.root !== '/' ? ['--root', o.root] : []), ...(o.runningKernel ? ['--running-kernel', o.runningKernel] : [])];
  return undoArgv(plan).map((c) => {
    const split = c.kind === 'erase' ? 1 : 2; // '-e' | '-Uvh --oldpackage' / '-ivh --oldpackage'
    const targets = c.args.slice(split);
    return { kind: c.kind, argv: [...c.args.slice(0, split), ...common, '--', ...(c.kind === 'erase' ? targets : targets.map(host))] };
  });
}
