/**
 * --one-at-a-time: "apply patches in small increments". The smallest groups
 * rpm accepts on their own are the strongly connected components of the
 * "needs" relation inside the set (a package with the packages of the same
 * set it needs, and those that need each other), applied in dependency order:
 * a group only needs what is installed already or was applied before it.
 * Pure; Tarjan's algorithm, linear in packages plus requirements.
 */
import { packageSatisfies } from './deps.js';
import type { RpmPackage } from './package.js';

export function incrementGroups<P extends RpmPackage>(packages: readonly P[]): P[][] {
  const needs = packages.map((p) => neededWithin(p, packages));
  const index: number[] = new Array(packages.length).fill(-1);
  const low: number[] = new Array(packages.length).fill(0);
  const onStack: boolean[] = new Array(packages.length).fill(false);
  const stack: number[] = [];
  const groups: P[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of needs[v] as number[]) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v] as number, low[w] as number);
      } else if (onStack[w]) {
        low[v] = Math.min(low[v] as number, index[w] as number);
      }
    }
    if (low[v] === index[v]) {
      const group: P[] = [];
      let w: number;
      do {
        w = stack.pop() as number;
        onStack[w] = false;
        group.push(packages[w] as P);
      } while (w !== v);
      // Tarjan emits a component after everything it needs: dependency order.
      groups.push(group.sort((a, b) => packages.indexOf(a) - packages.indexOf(b)));
    }
  };
  for (let v = 0; v < packages.length; v++) if (index[v] === -1) visit(v);
  return groups;
}

function neededWithin(p: RpmPackage, set: readonly RpmPackage[]): number[] {
  const out = new Set<number>();
  for (const dep of p.requires) {
    if (dep.name.startsWith('rpmlib(') || dep.name.startsWith('/')) continue;
    set.forEach((q, i) => {
      if (q !== p && packageSatisfies(q, dep)) out.add(i);
    });
  }
  return [...out];
}
