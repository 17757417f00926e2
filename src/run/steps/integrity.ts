/**
 * Integrity: rpm -V of the touched packages before and after; what the
 * transaction changed beyond the packages' own files, security first. Then the
 * plan's file-integrity tool (AIDE, Tripwire), its output kept with the run.
 */
import { verifyPackages, type VerifyResult } from '../../audit/integrity.js';
import { diffVerify } from '../../audit/integrity-diff.js';
import { runIntegrityTool, saveIntegrityOutput } from '../../audit/integrity-tool.js';
import { renderIntegrity, renderIntegrityTool } from '../../audit/render.js';
import type { SafetyStep } from '../state.js';
import { verifyBefore } from './verify-before.js';

export function integrityStep(): SafetyStep {
  let before: VerifyResult | undefined;
  return {
    name: 'integrity (rpm -V)',
    required: false,
    async before(run) {
      if (run.view.replaced.length) before = await verifyBefore(run);
    },
    async after(run) {
      if (!run.started) return;
      const replaced = [...new Set(run.view.replaced.map((p) => p.name))];
      const fresh = [...new Set(run.view.incoming.map((p) => p.name))].filter((n) => !replaced.includes(n) && !run.view.before.some((b) => b.name === n));
      const kept = [...new Set([...replaced, ...run.view.incoming.map((p) => p.name)])].filter((n) => !fresh.includes(n));
      const [full, light] = await Promise.all([
        verifyPackages(run.ctx.rpm, kept, { root: run.ctx.root }),
        verifyPackages(run.ctx.rpm, fresh, { root: run.ctx.root, noFileDigest: true }),
      ]);
      const after: VerifyResult = {
        packages: [...full.packages, ...light.packages],
        files: [...full.files, ...light.files],
        notInstalled: [...full.notInstalled, ...light.notInstalled],
        other: [...full.other, ...light.other],
      };
      const empty: VerifyResult = { packages: [], files: [], notInstalled: [], other: [] };
      const changed = run.record.packages.filter((p) => p.action !== 'unchanged').map((p) => p.name);
      const changes = diffVerify(before ?? empty, after, changed);
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
      if (!argv?.length || !run.started) return;
      const r = await runIntegrityTool(run.ctx.root, argv);
      const saved = await saveIntegrityOutput(run.dir, r);
      run.record.audit = { ...run.record.audit, integrityTool: { argv: r.argv, exitCode: r.exitCode, verdict: r.verdict, output: saved } };
      run.report.push({ rank: 5, title: 'File-integrity tool', lines: renderIntegrityTool(r, saved) });
    },
  };
}
