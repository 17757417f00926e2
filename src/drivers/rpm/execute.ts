/** The rpm path's execute step: the plan's rpm commands, one after the other. */
import { runCommand } from '../../exec/run.js';
import { withForceDebian } from '../../rpm/debian.js';
import { runRpmStep } from '../../rpm/execute.js';
import type { PlanStep, RpmPlan } from '../../rpm/rpm-plan.js';
import type { RunState } from '../../run/state.js';
import { recordCommand } from '../../run/command-record.js';

export function rpmExecute(plan: RpmPlan): (run: RunState) => Promise<void> {
  return async (run) => {
    await runPlanSteps(run, plan.steps);
  };
}

/** Runs the steps in order; false when one failed or the run was interrupted (the rest is not run). */
export async function runPlanSteps(run: RunState, steps: readonly PlanStep[]): Promise<boolean> {
  for (const step of steps) {
    if (run.guard.signal) return false;
    if (step.purpose === 'erase-old-kernels' && !(await eraseStillSafe(run, step))) continue;
    run.started = true;
    run.out.info(`running: ${step.purpose} (${step.packages.length} package${step.packages.length === 1 ? '' : 's'})`);
    const cmd = await runRpmStep(run.ctx.rpm, step.args, step.purpose);
    await recordCommand(run, cmd, { who: 'rpm', consequence: ` during the ${step.purpose} step: that transaction may be half done (scriptlets not run, files or database entries missing); see the boot check and 'rpm -V'` });
    for (const p of cmd.problems) {
      const bad = /package (\S+) does not verify: (.+?)( \(Expected .*)?$/.exec(p);
      if (bad) run.out.error(`${fileOfNevra(run, bad[1] as string)}: is corrupted or truncated: ${bad[2]}; rpm refused the transaction before changing anything`);
      else run.out.warn(`rpm reported: ${p}`);
    }
    if (cmd.exitCode !== 0 || cmd.signal || run.guard.signal) return false;
  }
  return true;
}

function fileOfNevra(run: RunState, nevra: string): string {
  return run.view.incoming.find((p) => `${p.name}-${p.evr.replace(/^\d+:/, '')}.${p.arch}` === nevra)?.file ?? nevra;
}

/** The surplus kernels are erased only if rpm agrees nothing needs them (rpm -e --test). */
async function eraseStillSafe(run: RunState, step: PlanStep): Promise<boolean> {
  const args = await withForceDebian(run.ctx.rpm.binary, [...step.args.slice(0, 1), '--test', ...step.args.slice(1)]);
  const r = await runCommand(run.ctx.rpm.binary, args, { providedBy: 'rpm' });
  if (r.exitCode === 0) return true;
  const why = r.stderr.split('\n').filter((l) => l.startsWith('\t') || l.startsWith('error:')).map((l) => l.trim()).join('; ');
  run.record.warnings.push(`old kernels not erased: rpm -e --test refused (${why})`);
  run.out.warn(`old kernels not erased: ${why}`);
  return false;
}
