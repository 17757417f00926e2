/**
 * rpm -V of the packages a run replaces, before the transaction, once per
 * run: the configuration step needs it to back up edited files that are not
 * %config (rpm overwrites those without an .rpmsave), the integrity step to
 * compare with rpm -V after. Both ask here; rpm -V runs once.
 */
import { verifyPackages, type VerifyResult } from '../../audit/integrity.js';
import type { RunState } from '../state.js';

const results = new WeakMap<RunState, Promise<VerifyResult>>();

export function verifyBefore(run: RunState): Promise<VerifyResult> {
  let r = results.get(run);
  if (!r) {
    const names = [...new Set(run.view.replaced.map((p) => p.name))];
    r = verifyPackages(run.ctx.rpm, names, { root: run.ctx.root });
    results.set(run, r);
  }
  return r;
}

/** Files that are not %config whose content rpm -V found changed (size or digest): an admin's edit rpm would overwrite. */
export function editedNonConfig(v: VerifyResult): string[] {
  return v.files.filter((f) => !f.missing && f.marker !== 'config' && (f.differs.includes('digest') || f.differs.includes('size'))).map((f) => f.path);
}
