/** The plan as an admin reads it: what happens to each package and why, then the exact commands. */
import { quoteArg } from '../../exec/run.js';
import type { PlanStep, RpmPlan } from '../../rpm/rpm-plan.js';

export function renderPlan(plan: RpmPlan, opts: { rpmBinary: string; root: string; runningKernelSource: string; dryRun: boolean }): string {
  const lines: string[] = [];
  const flag = { install: '-i', upgrade: '-U', freshen: '-F' }[plan.mode];
  const running = plan.runningKernel ? `running kernel ${plan.runningKernel} (${opts.runningKernelSource})` : 'running kernel unknown';
  lines.push(`${opts.dryRun ? 'Plan (dry run: nothing is changed)' : 'Plan'} for rpm ${flag} on root ${opts.root}, ${running}:`);
  const width = Math.min(44, Math.max(...plan.packages.map((p) => p.nevra.length)) + 2);
  for (const p of plan.packages) {
    const mark = p.action === 'install-beside' ? '-i' : p.action === 'skip' ? 'skip' : flag;
    lines.push(`  ${mark.padEnd(4)} ${p.nevra.padEnd(width)} ${p.reason}`);
  }
  for (const w of plan.warnings) lines.push(`  WARNING: ${w}`);
  for (const n of plan.erase.notes) lines.push(`  note: ${n}`);
  if (plan.steps.length === 0) {
    lines.push('Nothing to do.');
    return lines.join('\n');
  }
  if (plan.increments) {
    lines.push(`Commands (--one-at-a-time: ${plan.increments.length} group${plan.increments.length === 1 ? '' : 's'} in this order; the boot check and the snapshot diff after each, stopping at the first that fails):`);
    plan.increments.forEach((g, i) => {
      lines.push(`  group ${i + 1}: ${g.packages.join(', ')}`);
      for (const s of g.steps) pushStep(lines, s, '    ', opts);
    });
    for (const s of plan.steps.filter((s) => s.purpose === 'erase-old-kernels')) pushStep(lines, s, '  after every group: ', opts);
    return lines.join('\n');
  }
  lines.push('Commands:');
  plan.steps.forEach((s, i) => pushStep(lines, s, `  ${i + 1}. `, opts));
  return lines.join('\n');
}

function pushStep(lines: string[], s: PlanStep, lead: string, opts: { rpmBinary: string; dryRun: boolean }): void {
  const dashdash = s.args.indexOf('--');
  const opts_ = dashdash >= 0 ? s.args.slice(0, dashdash) : s.args;
  lines.push(`${lead}${s.purpose}: ${s.why}`);
  lines.push(`     ${[opts.rpmBinary, ...opts_].map(quoteArg).join(' ')} -- \\`);
  const pkgs = dashdash >= 0 ? s.args.slice(dashdash + 1) : [];
  pkgs.forEach((p, k) => lines.push(`       ${quoteArg(p)}${k < pkgs.length - 1 ? ' \\' : ''}`));
  if (opts.dryRun) lines.push('     (dry run: command not executed)');
}
