/**
 * Does a package satisfy a capability such as "kernel-core = 6.1.10-1"? rpm's
 * rules (lib/rpmds.c rpmdsCompare): an unversioned side overlaps everything;
 * a release missing on either side is not compared; epochs default to 0.
 */
import { parseEvr, rpmvercmp } from './evr.js';
import type { Dependency, RpmPackage } from './package.js';

export function parseCapability(text: string): Dependency {
  const m = /^(.+?)\s+(<=|>=|=|<|>)\s+(\S+)$/.exec(text.trim());
  if (!m) return { name: text.trim(), op: '', version: '' };
  return { name: m[1] as string, op: m[2] as string, version: m[3] as string };
}

export function packageSatisfies(pkg: Pick<RpmPackage, 'name' | 'epoch' | 'version' | 'release' | 'provides'>, need: Dependency): boolean {
  const self: Dependency = { name: pkg.name, op: '=', version: `${pkg.epoch}:${pkg.version}-${pkg.release}` };
  return [self, ...pkg.provides].some((p) => p.name === need.name && overlaps(p, need));
}

function overlaps(provide: Dependency, need: Dependency): boolean {
  if (!provide.op || !need.op || !provide.version || !need.version) return true;
  if (provide.op !== '=') return true; // ranged provides are rare; rpm's full range logic is not needed here
  const c = compareForDeps(provide.version, need.version);
  switch (need.op) {
    case '=': return c === 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    default: return false;
  }
}

function compareForDeps(a: string, b: string): number {
  const x = parseEvr(a);
  const y = parseEvr(b);
  const e = rpmvercmp(x.epoch ?? '0', y.epoch ?? '0');
  if (e) return e;
  const v = rpmvercmp(x.version, y.version);
  if (v) return v;
  if (x.release === undefined || y.release === undefined) return 0;
  return rpmvercmp(x.release, y.release);
}
