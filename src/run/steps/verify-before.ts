/**
 * rpm -V of the packages a run replaces or installs beside older versions, before the transaction, once per
 * run: the configuration step needs it to back up edited files that are not
 * %config (rpm overwrites those without an .rpmsave), the integrity step to
 * compare with rpm -V after. Both ask here; rpm -V runs once.
 */
import { verifyPackages, type VerifyResult } from '../../audit/integrity.js';
import type { RunState, TransactionView } from '../state.js';
import { installedFilesBefore } from './installed-files.js';

const results = new WeakMap<RunState, Promise<VerifyResult>>();

export function verifyBefore(run: RunState): Promise<VerifyResult> {
  let r = results.get(run);
  if (!r) {
    // Like with like: every installed package of a name verified after the
    // transaction is verified before it too. An install-only package (a
    // kernel installed beside the old ones) is not replaced, but 'rpm -V
    // kernel-core' after the run checks the old version as well; a file that
    // already differed then (an initramfs written with rpm's umask, mode 0644
    // where the header's %ghost says 0600) is not a change of this transaction.
    const { kept } = verifiedNames(run.view);
    r = verifyPackages(run.ctx.rpm, kept, { root: run.ctx.root, ...(kept.length ? { installed: installedFilesBefore(run, kept) } : {}) });
    r.catch(() => undefined); // started early (SafetyStep.startBefore): its failure is reported where it is awaited
    results.set(run, r);
  }
  return r;
}

/** Files that are not %config whose content rpm -V found changed (size or digest): an admin's edit rpm would overwrite. */
export function editedNonConfig(v: VerifyResult): string[] {
  return v.files.filter((f) => !f.missing && f.marker !== 'config' && (f.differs.includes('digest') || f.differs.includes('size'))).map((f) => f.path);
}

/**
 * The names rpm -V checks. kept: names installed before the transaction that
 * it replaces or brings a version of (verified before and after, digests
 * included); fresh: names new to the system (after only, without digests:
 * rpm wrote those files a moment ago).
 */
export function verifiedNames(view: TransactionView): { kept: string[]; fresh: string[] } {
  const replaced = new Set(view.replaced.map((p) => p.name));
  const installed = new Set([...replaced, ...view.before.map((b) => b.name)]);
  const incoming = [...new Set(view.incoming.map((p) => p.name))];
  const kept = [...new Set([...replaced, ...incoming.filter((n) => installed.has(n))])];
  return { kept, fresh: incoming.filter((n) => !installed.has(n)) };
}
