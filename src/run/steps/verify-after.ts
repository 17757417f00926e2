/**
 * rpm -V after the transaction, once per run: the integrity step compares it
 * with rpm -V before, and the boot check reads the new kernel image's line
 * from it instead of running `rpm -V -f IMAGE` (one rpm process fewer at the
 * end of every kernel run, issue 13 "Cost per call"). Nothing changes the
 * database or /boot between the two.
 */
import { verifyPackages, type VerifyResult } from '../../audit/integrity.js';
import { verdictOfVerifyLine, type KernelImageVerdict } from '../../bootloader/verify-kernel.js';
import type { RunState } from '../state.js';
import { installedFilesAfter } from './installed-files.js';
import { verifiedNames } from './verify-before.js';

const results = new WeakMap<RunState, Promise<VerifyResult>>();

/** The names kept verified with digests, those new to the system without (verifiedNames). */
export function verifyAfter(run: RunState): Promise<VerifyResult> {
  let r = results.get(run);
  if (!r) {
    r = verifyAfterRun(run);
    r.catch(() => undefined); // started early (SafetyStep.startAfter): a failure is reported where it is awaited
    results.set(run, r);
  }
  return r;
}

async function verifyAfterRun(run: RunState): Promise<VerifyResult> {
  const { kept, fresh } = verifiedNames(run.view);
  const [full, light] = await Promise.all([
    // (the shared read is only asked for when there are names: verifyPackages returns early without them)
    verifyPackages(run.ctx.rpm, kept, { root: run.ctx.root, ...(kept.length ? { installed: installedFilesAfter(run, kept) } : {}) }),
    verifyPackages(run.ctx.rpm, fresh, { root: run.ctx.root, noFileDigest: true, ...(fresh.length ? { installed: installedFilesAfter(run, fresh) } : {}) }),
  ]);
  return {
    packages: [...full.packages, ...light.packages],
    files: [...full.files, ...light.files],
    notInstalled: [...full.notInstalled, ...light.notInstalled],
    other: [...full.other, ...light.other],
  };
}

/**
 * What `rpm -V -f FILE` would say about a kernel image (bootloader/verify-kernel.ts),
 * read from the run's rpm -V after: only when every package owning FILE was
 * verified there with digests (a name installed before the run) and rpm said
 * nothing else; otherwise 'ask-rpm', and the boot check runs rpm -V -f itself.
 */
export async function imageVerdictFromRun(run: RunState, file: string): Promise<KernelImageVerdict | undefined | 'ask-rpm'> {
  if (!run.started || run.options.justDb) return 'ask-rpm';
  const { kept, fresh } = verifiedNames(run.view);
  const installed = await installedFilesAfter(run, [...kept, ...fresh]);
  const owners = installed.packages.filter((p) => p.files.some((f) => f.path === file));
  if (owners.length === 0 || owners.some((p) => !kept.includes(p.name))) return 'ask-rpm';
  const verified = await verifyAfter(run);
  if (verified.other.length || verified.notInstalled.length) return 'ask-rpm';
  return verdictOfVerifyLine(file, verified.files.find((f) => f.path === file));
}
