/**
 * np's habit before a rollback: check that the world is still as the record
 * left it. Per package the run changed, the versions installed now are
 * compared with the record's 'after': as recorded (undo it), as before the run
 * (already undone), or something else (changed since: leave it alone, as a
 * later run or an admin put it there on purpose). Pure.
 */
import type { PackageChange } from '../../record/types.js';
import { evrString, type RpmPackage } from '../../rpm/package.js';

export type UndoState = 'as-recorded' | 'already-undone' | 'changed';

export interface PackageState {
  change: PackageChange;
  /** EVRs of this name and arch installed now, sorted. */
  now: string[];
  state: UndoState;
}

/** Actions that leave nothing to undo (note-undo.ts skips them too). */
const NOTHING_TO_UNDO = new Set<PackageChange['action']>(['unchanged', 'skipped', 'reinstalled']);

export function compareState(changes: readonly PackageChange[], installedNow: readonly RpmPackage[]): PackageState[] {
  return changes.filter((c) => !NOTHING_TO_UNDO.has(c.action)).map((change) => {
    const now = installedNow.filter((p) => p.name === change.name && p.arch === change.arch).map(evrString).sort();
    const state: UndoState = same(now, change.after) ? 'as-recorded' : same(now, change.before) ? 'already-undone' : 'changed';
    return { change, now, state };
  });
}

function same(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** One line for a package left alone, e.g. "dracut.noarch: already undone (installed now: 1.0-1)". */
export function describeLeft(s: PackageState): string {
  const name = `${s.change.name}.${s.change.arch}`;
  const now = s.now.join(', ') || 'none';
  if (s.state === 'already-undone') return `${name}: already undone (installed now: ${now}, as before the run)`;
  return `${name}: changed since the run (the record says ${s.change.after.join(', ') || 'none'}, installed now: ${now}); left alone`;
}
