/** Versions before and after ("write down the current version", "the version to be updated"). */
import { compareEvr, parseEvr } from '../rpm/evr.js';
import { evrString, type RpmPackage } from '../rpm/package.js';
import type { PackageAction, PackageChange } from '../record/types.js';
import type { TransactionView } from './state.js';

const keyOf = (p: { name: string; arch: string }): string => `${p.name}.${p.arch === 'noarch' ? '*' : p.arch}`;

export function packageChanges(view: Pick<TransactionView, 'before' | 'incoming' | 'kernelNames'>, after: RpmPackage[]): PackageChange[] {
  const keys = new Map<string, { name: string; arch: string }>();
  for (const p of [...view.incoming, ...view.before, ...after]) keys.set(keyOf(p), { name: p.name, arch: p.arch });
  const changes: PackageChange[] = [];
  for (const [k, { name, arch }] of keys) {
    const b = view.before.filter((p) => keyOf(p) === k).map(evrString).sort();
    const a = after.filter((p) => keyOf(p) === k).map(evrString).sort();
    const incoming = view.incoming.find((p) => keyOf(p) === k);
    const change: PackageChange = { name, arch, before: b, after: a, action: actionOf(b, a), installOnly: Boolean(incoming?.installOnly) || view.kernelNames.includes(name) };
    if (incoming) {
      change.target = incoming.evr;
      if (incoming.file) change.file = incoming.file;
    }
    if (change.action !== 'unchanged' || incoming) changes.push(change);
  }
  return changes.sort((x, y) => x.name.localeCompare(y.name));
}

export function actionOf(before: string[], after: string[]): PackageAction {
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  if (added.length === 0 && removed.length === 0) return 'unchanged';
  if (added.length && removed.length === 0) return before.length ? 'installed-beside' : 'installed';
  if (added.length === 0) return 'erased';
  const newest = (vs: string[]) => vs.map(parseEvr).sort(compareEvr).pop();
  const a = newest(added);
  const r = newest(removed);
  return a && r && compareEvr(a, r) < 0 ? 'downgraded' : 'upgraded';
}
