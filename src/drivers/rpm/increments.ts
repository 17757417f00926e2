/**
 * --one-at-a-time: the plan applied group by group (src/rpm/increments.ts),
 * with checks between groups: the boot check after a group with a kernel, and
 * the snapshot diff against the state before the group. The run stops at the
 * first group whose rpm fails, whose verdict says do not reboot, or whose diff
 * shows something that worked before no longer does (a listening port closed,
 * a service stopped or disabled). The record and the note say exactly which
 * groups were applied and which were not.
 */
import { EXIT } from '../../errors.js';
import type { PlanIncrement, RpmPlan } from '../../rpm/rpm-plan.js';
import { checkBootFor } from '../../run/steps/boot.js';
import { diffSnapshots } from '../../snapshot/diff.js';
import { takeSnapshot } from '../../snapshot/take.js';
import type { Increment } from '../../record/types.js';
import { saveProgress } from '../../run/record-save.js';
import { runPlanSteps } from './execute.js';
import type { RunState } from '../../run/state.js';

export function rpmExecuteIncrements(plan: RpmPlan): (run: RunState) => Promise<void> {
  return async (run) => {
    const groups = plan.increments ?? [];
    const increments: Increment[] = groups.map((g) => ({ packages: [...g.packages], status: 'not-applied' }));
    run.record.increments = increments;
    for (const [i, group] of groups.entries()) {
      const before = await takeSnapshot({ root: run.ctx.root });
      run.out.info(`group ${i + 1} of ${groups.length}: ${group.packages.join(', ')}`);
      const ok = await runPlanSteps(run, group.steps);
      const inc = increments[i] as Increment;
      if (!ok) {
        inc.status = 'failed';
        inc.reason = run.guard.signal ? `interrupted by ${run.guard.signal}` : 'rpm failed';
        break;
      }
      const bad = await checkGroup(run, kernelsOf(run, group), before);
      inc.status = bad ? 'stopped-after' : 'applied';
      if (bad) {
        inc.reason = bad;
        run.exitOverride = bad.startsWith('boot check') ? EXIT.BOOT_UNSAFE : EXIT.STOPPED;
        run.record.warnings.push(`--one-at-a-time stopped after group ${i + 1}: ${bad}`);
        break;
      }
      await saveProgress(run);
    }
    if (increments.every((g) => g.status === 'applied')) await runPlanSteps(run, plan.steps.filter((s) => s.purpose === 'erase-old-kernels'));
  };
}

/** uname -r of the kernels a group brings in (its install-only packages). */
function kernelsOf(run: RunState, group: PlanIncrement): string[] {
  const files = new Set(group.steps.flatMap((s) => s.packages));
  return run.view.incoming.filter((p) => p.installOnly && p.file !== undefined && files.has(p.file)).flatMap((p) => p.kernelVersions);
}

/** The checks between groups; the reason to stop, or undefined to go on. */
async function checkGroup(run: RunState, kernels: string[], before: Awaited<ReturnType<typeof takeSnapshot>>): Promise<string | undefined> {
  if (kernels.length) {
    const verdict = await checkBootFor(run, kernels);
    if (!verdict.safe) return `boot check: do not reboot: ${verdict.reasons.join(', ')}`;
  }
  const diff = diffSnapshots(before, await takeSnapshot({ root: run.ctx.root }));
  const lost = [
    ...diff.ports.closed.map((p) => `port ${p.proto} ${p.address}:${p.port} closed`),
    ...diff.services.stopped.map((s) => `service ${s.name} stopped`),
    ...diff.services.disabled.map((s) => `service ${s.name} disabled`),
  ];
  return lost.length ? lost.join('; ') : undefined;
}
