/**
 * Integrity: rpm -V of the touched packages before and after; what the
 * transaction changed beyond the packages' own files, security first. Then the
 * plan's file-integrity tool (AIDE, Tripwire), its output kept with the run.
 */
import type { VerifyResult } from '../../audit/integrity.js';
import { diffVerify } from '../../audit/integrity-diff.js';
import { runIntegrityTool, saveIntegrityOutput } from '../../audit/integrity-tool.js';
import { renderIntegrity, renderIntegrityTool } from '../../audit/render.js';
import { skipStep, warnStep, type SafetyStep } from '../state.js';
import { verifyAfter } from './verify-after.js';
import { verifiedNames, verifyBefore } from './verify-before.js';

export function integrityStep(): SafetyStep {
  let before: VerifyResult | undefined;
  return {
    name: 'integrity (rpm -V)',
    required: false,
    startBefore(run) {
      if (verifiedNames(run.view).kept.length) void verifyBefore(run);
    },
    async before(run) {
      if (verifiedNames(run.view).kept.length === 0) return skipStep('no installed package to verify before');
      before = await verifyBefore(run);
      return undefined;
    },
    startAfter(run) {
      if (run.started && !run.options.justDb) void verifyAfter(run);
    },
    async after(run) {
      if (!run.started) return skipStep('the transaction did not start');
      if (run.options.justDb) {
        run.record.warnings.push('integrity (rpm -V) not compared (--justdb): no file was written, so every file of the new packages differs by design');
        return skipStep('--justdb: no file was written');
      }
      const empty: VerifyResult = { packages: [], files: [], notInstalled: [], other: [] };
      const changed = run.record.packages.filter((p) => p.action !== 'unchanged').map((p) => p.name);
      const changes = diffVerify(before ?? empty, await verifyAfter(run), changed);
      run.record.audit = { ...run.record.audit, integrity: changes };
      if (changes.length) run.report.push({ rank: 4, title: 'Integrity', lines: renderIntegrity(changes) });
    },
  };
}

export function integrityToolStep(): SafetyStep {
  return {
    name: 'file-integrity tool',
    required: false,
    async after(run) {
      const argv = run.policy.integrityCommand;
      if (!argv?.length) return skipStep('the patch plan names no integrity_command');
      if (!run.started) return skipStep('the transaction did not start');
      const r = await runIntegrityTool(run.ctx.root, argv);
      const saved = await saveIntegrityOutput(run.dir, r);
      run.record.audit = { ...run.record.audit, integrityTool: { argv: r.argv, exitCode: r.exitCode, verdict: r.verdict, output: saved } };
      run.report.push({ rank: 5, title: 'File-integrity tool', lines: renderIntegrityTool(r, saved) });
      return r.verdict === 'clean' ? undefined : warnStep(`${r.verdict}, exit ${r.exitCode}`);
    },
  };
}
