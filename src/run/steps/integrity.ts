/**
 * Integrity: rpm -V of the touched packages before and after; what the
 * transaction changed beyond the packages' own files, security first. Then the
 * plan's file-integrity tool (AIDE, Tripwire), its output kept with the run.
 */
import { verifyPackages, type VerifyResult } from '../../audit/integrity.js';
import { diffVerify } from '../../audit/integrity-diff.js';
import { runIntegrityTool, saveIntegrityOutput } from '../../audit/integrity-tool.js';
import { renderIntegrity, renderIntegrityTool } from '../../audit/render.js';
import type { RunState, SafetyStep } from '../state.js';
import { installedFilesAfter } from './installed-files.js';
import { verifiedNames, verifyBefore } from './verify-before.js';

export function integrityStep(): SafetyStep {
  let before: VerifyResult | undefined;
  let after: Promise<VerifyResult> | undefined;
  const verifyAfter = (run: RunState): Promise<VerifyResult> => {
    if (!after) {
      after = verifyAfterRun(run);
      after.catch(() => undefined); // started early (startAfter): a failure is reported by after()
    }
    return after;
  };
  return {
    name: 'integrity (rpm -V)',
    required: false,
    startBefore(run) {
      if (verifiedNames(run.view).kept.length) void verifyBefore(run);
    },
    async before(run) {
      if (verifiedNames(run.view).kept.length) before = await verifyBefore(run);
    },
    startAfter(run) {
      if (run.started && !run.options.justDb) void verifyAfter(run);
    },
    async after(run) {
      if (!run.started) return;
      if (run.options.justDb) {
        run.record.warnings.push('integrity (rpm -V) not compared (--justdb): no file was written, so every file of the new packages differs by design');
        return;
      }
      const empty: VerifyResult = { packages: [], files: [], notInstalled: [], other: [] };
      const changed = run.record.packages.filter((p) => p.action !== 'unchanged').map((p) => p.name);
      const changes = diffVerify(before ?? empty, await verifyAfter(run), changed);
      run.record.audit = { ...run.record.audit, integrity: changes };
      if (changes.length) run.report.push({ rank: 4, title: 'Integrity', lines: renderIntegrity(changes) });
    },
  };
}

/** rpm -V after the transaction: the names kept with digests, those new to the system without. */
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

export function integrityToolStep(): SafetyStep {
  return {
    name: 'file-integrity tool',
    required: false,
    async after(run) {
      const argv = run.policy.integrityCommand;
      if (!argv?.length || !run.started) return;
      const r = await runIntegrityTool(run.ctx.root, argv);
      const saved = await saveIntegrityOutput(run.dir, r);
      run.record.audit = { ...run.record.audit, integrityTool: { argv: r.argv, exitCode: r.exitCode, verdict: r.verdict, output: saved } };
      run.report.push({ rank: 5, title: 'File-integrity tool', lines: renderIntegrityTool(r, saved) });
    },
  };
}
