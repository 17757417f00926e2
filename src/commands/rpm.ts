/**
 * The rpm drop-in: saferpm -Uvh|-ivh|-Fvh [rpm options] [saferpm options] FILES.
 * Arguments -> context -> headers -> classification -> plan (--dry-run stops
 * here) -> preflight (rpm --test; a refused plan changes nothing) -> apply.
 */
import { EXIT } from '../errors.js';
import type { Output } from '../output/output.js';
import { makeContext, requireRootFor, type Context } from '../context.js';
import { isInstallMode, parseRpmArgs, type RpmCommandLine } from '../rpm/argv.js';
import { passthrough, passthroughCommand } from '../rpm/passthrough.js';
import { checkDigests, testPlan } from '../rpm/preflight.js';
import { nvra } from '../rpm/package.js';
import { wouldFreshen, type InstallMode } from '../rpm/plan.js';
import { fetchPackageUrls, isPackageUrl } from '../rpm/fetch.js';
import { runTransaction } from '../run/transaction.js';
import { rpmExecute } from '../run/rpm-execute.js';
import { rpmExecuteIncrements } from '../run/rpm-increments.js';
import { rpmTransactionView } from '../run/rpm-view.js';
import { loadPatchPolicy } from '../run/policy.js';
import { prepare, SourcePackageGiven } from '../run/prepare.js';
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
  // rpm's own --quiet (passed on to rpm as well): saferpm keeps its plan, phases and warnings to the record.
  if (cl.flags.has('quiet')) out.beQuiet();
  // Checked first: a user who cannot change the system learns it before anything is read.
  if (!cl.saferpm.dryRun && !cl.flags.has('test')) requireRootFor(ctx, 'installing packages');
  if (!cl.packages.some(isPackageUrl)) return installFiles(ctx, cl, mode, argv, out);
  // rpm -Uvh URL: downloaded first (as rpm does, to a temporary file), then a file like any other.
  // rpm -v says "Retrieving URL" on stdout as it fetches; saferpm fetches them all before the plan.
  if (cl.flags.has('verbose') && !cl.flags.has('quiet')) out.relay(cl.packages.filter(isPackageUrl).map((u) => `Retrieving ${u}`).join('\n'), 'stdout');
  const fetched = await fetchPackageUrls(cl.packages);
  try {
    for (const d of fetched.downloads) out.info(`downloaded ${d.url} to ${d.file} (${d.bytes} bytes)`);
    return await installFiles(ctx, { ...cl, packages: fetched.packages }, mode, argv, out);
  } finally {
    await fetched.cleanup();
  }
}

async function installFiles(ctx: Context, cl: RpmCommandLine, mode: InstallMode, argv: string[], out: Output): Promise<number> {
  const policy = await loadPatchPolicy(ctx.root);
  const stage = !cl.saferpm.dryRun && !cl.flags.has('test');
  let prepared;
  try {
    prepared = await prepare(ctx, cl, mode, { installOnlyExtra: policy.policy.installonlyExtra, keepKernels: policy.policy.keepKernels || undefined, stage });
  } catch (e) {
    // -i of source packages only: rpm unpacks their sources and changes no installed package.
    if (e instanceof SourcePackageGiven && e.mode === 'install' && e.allSource) return sourceInstall(ctx, cl, out);
    throw e;
  }
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
  // rpm -F of packages none of which has an older version installed: rpm does nothing and exits 0.
  if (mode === 'freshen' && !plan.packages.some(wouldFreshen)) {
    out.info('nothing to freshen: no older version of these packages is installed (rpm -F changes nothing either)');
    return reportOnly('succeeded', EXIT.OK, ['-F: nothing to freshen']);
  }
  const keptInstallOnly = prepared.installed.filter((i) => i.cls.installOnly).map((i) => i.pkg);
  const later = new Set(plan.steps.slice(1).flatMap((s) => (s.mode === 'erase' ? [] : s.packages)));
  const digests = cl.flags.has('nodigest') || cl.flags.has('test') ? [] : prepared.inputs.filter((i) => later.has(i.path));
  const given = new Map(prepared.packages.map((p) => [nvra(p), prepared.inputs.find((i) => i.path === p.file)?.given ?? p.file]));
  // rpm -K uses a private database: it runs beside rpm --test (one process time instead of two).
  const [pre] = await Promise.all([testPlan(ctx.rpm, cl, plan, keptInstallOnly, (n) => given.get(n)), checkDigests(ctx.rpm, digests)]);
  for (const ignored of pre.ignored) out.info(`preflight: ignored '${ignored}': the kernel that provides it is kept`);
  // With the user's own --test, rpm's "Verifying..."/"Preparing..." lines, as rpm -U --test shows them.
  if (cl.flags.has('test')) out.relay(pre.stdout, 'stdout');
  if (!pre.ok) {
    // rpm's own message first, as rpm -U would print it; then saferpm's one line.
    out.relay(pre.said.join('\n'), 'stderr');
    out.error(`rpm refused the plan (rpm --test, exit ${pre.exitCode}); nothing was changed`);
    return reportOnly('refused', pre.exitCode || EXIT.REFUSED, pre.problems.map((p) => `rpm --test: ${p}`));
  }
  if (cl.flags.has('test')) {
    out.info('test passed: rpm would accept this plan (--test: nothing was changed)');
    return reportOnly('planned', EXIT.OK, ['--test: rpm would accept this plan; nothing was changed']);
  }
  const run = await runTransaction({
    ctx, tool: 'rpm', commandLine: argv, plan, warnings: plan.warnings, view: rpmTransactionView(prepared), out,
    options: { changelog: Boolean(cl.saferpm.changelog), requireStandby: Boolean(cl.saferpm.requireStandby) || policy.policy.requireStandby, noBootCheck: Boolean(cl.saferpm.noBootCheck), justDb: cl.flags.has('justdb') },
    policy: policy.policy, ...policy.fileFields,
    execute: cl.saferpm.oneAtATime ? rpmExecuteIncrements(prepared.planInput) : rpmExecute(plan),
    ...(cl.saferpm.report ? { report: cl.saferpm.report } : {}),
  }, defaultSafetySteps());
  return run.record.exitCode ?? EXIT.SOFTWARE;
}

/** saferpm -ivh X.src.rpm: straight to rpm, as given (--dry-run prints the command instead). */
function sourceInstall(ctx: Context, cl: RpmCommandLine, out: Output): Promise<number> | number {
  if (!cl.saferpm.dryRun) return passthrough(ctx, cl);
  out.out(`source packages only: passed straight to rpm (dry run: command not executed)\n  ${passthroughCommand(ctx, cl)}`);
  return EXIT.OK;
}
