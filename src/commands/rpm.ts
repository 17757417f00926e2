/**
 * The rpm drop-in: saferpm -Uvh|-ivh|-Fvh [rpm options] [saferpm options] FILES.
 * Arguments -> context -> headers -> classification -> plan (--dry-run stops
 * here) -> preflight (rpm --test; a refused plan changes nothing) -> apply.
 */
import { EXIT } from '../errors.js';
import type { Output } from '../cli/output.js';
import { makeContext, requireRootFor } from '../context.js';
import { isInstallMode, parseRpmArgs } from '../rpm/argv.js';
import { passthrough } from '../rpm/passthrough.js';
import { checkDigests, testPlan } from '../rpm/preflight.js';
import { nvra } from '../rpm/package.js';
import { runTransaction } from '../run/transaction.js';
import { rpmExecute } from '../run/rpm-execute.js';
import { rpmExecuteIncrements } from '../run/rpm-increments.js';
import { rpmTransactionView } from '../run/rpm-view.js';
import { loadPatchPolicy } from '../run/policy.js';
import { prepare } from '../run/prepare.js';
import { renderPlan } from '../run/render-plan.js';
import { newRecord, newRunId } from '../record/store.js';
import { writeReport } from '../run/report.js';
import type { RunRecord } from '../record/types.js';
import { defaultSafetySteps } from '../run/safety.js';

export async function runRpm(argv: string[], out: Output): Promise<number> {
  const cl = parseRpmArgs(argv);
  const ctx = makeContext({ root: cl.root, globalArgs: cl.globalArgs, runningKernel: cl.saferpm.runningKernel });
  if (!isInstallMode(cl.mode)) return passthrough(ctx, cl);
  const mode = cl.mode;
  // Checked first: a user who cannot change the system learns it before anything is read.
  if (!cl.saferpm.dryRun && !cl.flags.has('test')) requireRootFor(ctx, 'installing packages');
  const policy = await loadPatchPolicy(ctx.root);
  const stage = !cl.saferpm.dryRun && !cl.flags.has('test');
  const prepared = await prepare(ctx, cl, mode, { installOnlyExtra: policy.policy.installonlyExtra, keepKernels: policy.policy.keepKernels || undefined, stage });
  const { plan } = prepared;
  const dryRun = Boolean(cl.saferpm.dryRun);
  const text = renderPlan(plan, { rpmBinary: ctx.rpm.binary, root: ctx.root, runningKernelSource: ctx.runningKernelSource, dryRun });
  /** --report for a run that ends before the transaction (dry run, nothing to do, refused by rpm --test). */
  const reportOnly = async (status: RunRecord['status'], exitCode: number, warnings: string[] = []): Promise<number> => {
    if (cl.saferpm.report) {
      const record = newRecord({ id: newRunId(), tool: 'rpm', commandLine: argv, root: ctx.root, plan });
      if (ctx.runningKernel) record.runningKernel = ctx.runningKernel;
      record.warnings.push(...plan.warnings, ...warnings);
      await writeReport(cl.saferpm.report, { ...record, status, exitCode, finishedAt: new Date().toISOString() });
    }
    return exitCode;
  };
  if (dryRun) {
    out.out(text);
    return reportOnly('planned', EXIT.OK);
  }
  out.info(text);
  if (plan.steps.length === 0) return reportOnly('succeeded', EXIT.OK, ['nothing to do']);
  const keptInstallOnly = prepared.installed.filter((i) => i.cls.installOnly).map((i) => i.pkg);
  if (!cl.flags.has('nodigest') && !cl.flags.has('test')) {
    const later = new Set(plan.steps.slice(1).flatMap((s) => (s.mode === 'erase' ? [] : s.packages)));
    await checkDigests(ctx.rpm, prepared.inputs.filter((i) => later.has(i.path)));
  }
  const given = new Map(prepared.packages.map((p) => [nvra(p), prepared.inputs.find((i) => i.path === p.file)?.given ?? p.file]));
  const pre = await testPlan(ctx.rpm, cl, plan, keptInstallOnly, (n) => given.get(n));
  for (const ignored of pre.ignored) out.info(`preflight: ignored '${ignored}': the kernel that provides it is kept`);
  if (!pre.ok) {
    out.error(`rpm refused the plan (rpm --test, exit ${pre.exitCode}); nothing was changed:`);
    for (const p of pre.problems) out.error(`  ${p}`);
    return reportOnly('refused', pre.exitCode || EXIT.REFUSED, pre.problems.map((p) => `rpm --test: ${p}`));
  }
  if (cl.flags.has('test')) {
    out.info('test passed: rpm would accept this plan (--test: nothing was changed)');
    return reportOnly('planned', EXIT.OK, ['--test: rpm would accept this plan; nothing was changed']);
  }
  const run = await runTransaction({
    ctx, tool: 'rpm', commandLine: argv, plan, warnings: plan.warnings, view: rpmTransactionView(prepared), out,
    options: { changelog: Boolean(cl.saferpm.changelog), requireStandby: Boolean(cl.saferpm.requireStandby) || policy.policy.requireStandby, noBootCheck: Boolean(cl.saferpm.noBootCheck) },
    policy: policy.policy, ...policy.fileFields,
    execute: cl.saferpm.oneAtATime ? rpmExecuteIncrements(prepared.planInput) : rpmExecute(plan),
    ...(cl.saferpm.report ? { report: cl.saferpm.report } : {}),
  }, defaultSafetySteps());
  return run.record.exitCode ?? EXIT.SOFTWARE;
}
