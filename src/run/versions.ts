/** Versions before and after ("write down the current version", "the version to be updated"). */
import { compareEvr, parseEvr } from '../rpm/evr.js';
import { evrString, type RpmPackage } from '../rpm/package.js';
import type { PackageAction, PackageChange } from '../record/types.js';
import type { Prepared } from './prepare.js';

export function packageChanges(prepared: Prepared, after: RpmPackage[]): PackageChange[] {
  const before = prepared.installed.map((i) => i.pkg);
  const keys = new Map<string, { name: string; arch: string }>();
  const key = (p: { name: string; arch: string }): string => `${p.name}.${p.arch === 'noarch' ? '*' : p.arch}`;
  for (const p of [...prepared.packages, ...before, ...after]) keys.set(key(p), { name: p.name, arch: p.arch });
  const changes: PackageChange[] = [];
  for (const [k, { name, arch }] of keys) {
    const b = before.filter((p) => key(p) === k).map(evrString).sort();
    const a = after.filter((p) => key(p) === k).map(evrString).sort();
    const planned = prepared.plan.packages.find((p) => `${p.name}.${p.arch === 'noarch' ? '*' : p.arch}` === k);
    const change: PackageChange = { name, arch, before: b, after: a, action: actionOf(b, a), installOnly: Boolean(planned?.installOnly) || prepared.installed.some((i) => key(i.pkg) === k && i.cls.installOnly) };
    if (planned) {
      change.target = planned.evr;
      change.file = planned.file;
    }
    if (change.action !== 'unchanged' || planned) changes.push(change);
  }
  return changes.sort((x, y) => x.name.localeCompare(y.name));
}

function actionOf(before: string[], after: string[]): PackageAction {
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
