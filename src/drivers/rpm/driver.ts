/**
 * The rpm driver of the guarded run (src/run/guarded.ts): package files ->
 * headers -> classification -> the rpm plan (prepare.ts), printed
 * (render.ts); its own checks are rpm --test of the plan and rpm -K of the
 * packages of a later step (src/rpm/preflight.ts); the transaction is the
 * plan's rpm commands (execute.ts), group by group with --one-at-a-time
 * (increments.ts).
 */
import { EXIT } from '../../errors.js';
import type { Output } from '../../output/output.js';
import type { Context } from '../../context.js';
import type { RpmCommandLine } from '../../rpm/argv.js';
import { passthrough, passthroughCommand } from '../../rpm/passthrough.js';
import { checkDigests, testPlan } from '../../rpm/preflight.js';
import { nvra } from '../../rpm/package.js';
import { wouldFreshen, type InstallMode } from '../../rpm/rpm-plan.js';
import type { Driver, Planned, Preparation, Stop } from '../../run/driver.js';
import type { LoadedPolicy } from '../../run/policy.js';
import { rpmExecute } from './execute.js';
import { rpmExecuteIncrements } from './increments.js';
import { prepare, SourcePackageGiven, type Prepared } from './prepare.js';
import { renderPlan } from './render.js';
import { rpmTransactionView } from './view.js';

export function rpmDriver(ctx: Context, cl: RpmCommandLine, mode: InstallMode, argv: readonly string[]): Driver {
  const test = cl.flags.has('test');
  const dryRun = Boolean(cl.saferpm.dryRun);
  return {
    tool: 'rpm',
    commandLine: argv,
    ctx,
    options: {
      dryRun,
      changesNothing: test,
      changelog: Boolean(cl.saferpm.changelog),
      requireStandby: Boolean(cl.saferpm.requireStandby),
      noBootCheck: Boolean(cl.saferpm.noBootCheck),
      justDb: cl.flags.has('justdb'),
      ...(cl.saferpm.report ? { report: cl.saferpm.report } : {}),
    },
    async prepare(loaded: LoadedPolicy): Promise<Preparation> {
      const { policy } = loaded;
      let prepared: Prepared;
      try {
        prepared = await prepare(ctx, cl, mode, { installOnlyExtra: policy.installonlyExtra, keepKernels: policy.keepKernels || undefined, stage: !dryRun && !test });
      } catch (e) {
        // -i of source packages only: rpm unpacks their sources and changes no installed package.
        if (e instanceof SourcePackageGiven && e.mode === 'install' && e.allSource) return { kind: 'answered', answer: (out) => sourceInstall(ctx, cl, out) };
        throw e;
      }
      return { kind: 'planned', planned: planned(ctx, cl, mode, prepared) };
    },
  };
}

function planned(ctx: Context, cl: RpmCommandLine, mode: InstallMode, prepared: Prepared): Planned {
  const { plan } = prepared;
  return {
    plan,
    warnings: plan.warnings,
    text: (dryRun) => renderPlan(plan, { rpmBinary: ctx.rpm.binary, root: ctx.root, runningKernelSource: ctx.runningKernelSource, dryRun }),
    gate: (out, interrupted) => preflight(ctx, cl, mode, prepared, out, interrupted),
    view: rpmTransactionView(prepared),
    execute: plan.increments ? rpmExecuteIncrements(plan) : rpmExecute(plan),
  };
}

/** Nothing to do, nothing to freshen, rpm --test of the plan (and rpm -K beside it); with the user's --test, the end. */
async function preflight(ctx: Context, cl: RpmCommandLine, mode: InstallMode, prepared: Prepared, out: Output, interrupted: () => boolean): Promise<Stop | undefined> {
  const { plan } = prepared;
  if (plan.steps.length === 0) return { status: 'succeeded', exitCode: EXIT.OK, warnings: ['nothing to do'] };
  // rpm -F of packages none of which has an older version installed: rpm does nothing and exits 0.
  if (mode === 'freshen' && !plan.packages.some(wouldFreshen)) {
    out.info('nothing to freshen: no older version of these packages is installed (rpm -F changes nothing either)');
    return { status: 'succeeded', exitCode: EXIT.OK, warnings: ['-F: nothing to freshen'] };
  }
  const keptInstallOnly = prepared.installed.filter((i) => i.cls.installOnly).map((i) => i.pkg);
  const later = new Set(plan.steps.slice(1).flatMap((s) => (s.mode === 'erase' ? [] : s.packages)));
  const digests = cl.flags.has('nodigest') || cl.flags.has('test') ? [] : prepared.inputs.filter((i) => later.has(i.path));
  const given = new Map(prepared.packages.map((p) => [nvra(p), prepared.inputs.find((i) => i.path === p.file)?.given ?? p.file]));
  // rpm -K uses a private database: it runs beside rpm --test (one process time instead of two).
  const [pre] = await Promise.all([testPlan(ctx.rpm, cl, plan, keptInstallOnly, (n) => given.get(n)), checkDigests(ctx.rpm, digests)]);
  if (interrupted()) return undefined;
  for (const ignored of pre.ignored) out.info(`preflight: ignored '${ignored}': the kernel that provides it is kept`);
  // With the user's own --test, rpm's "Verifying..."/"Preparing..." lines, as rpm -U --test shows them.
  if (cl.flags.has('test')) out.relay(pre.stdout, 'stdout');
  if (!pre.ok) {
    // rpm's own message first, as rpm -U would print it; then saferpm's one line.
    out.relay(pre.said.join('\n'), 'stderr');
    out.error(`rpm refused the plan (rpm --test, exit ${pre.exitCode}); nothing was changed`);
    return { status: 'refused', exitCode: pre.exitCode || EXIT.REFUSED, warnings: pre.problems.map((p) => `rpm --test: ${p}`) };
  }
  if (cl.flags.has('test')) {
    out.info('test passed: rpm would accept this plan (--test: nothing was changed)');
    return { status: 'planned', exitCode: EXIT.OK, warnings: ['--test: rpm would accept this plan; nothing was changed'] };
  }
  return undefined;
}

/** saferpm -ivh X.src.rpm: straight to rpm, as given (--dry-run prints the command instead). */
function sourceInstall(ctx: Context, cl: RpmCommandLine, out: Output): Promise<number> | number {
  if (!cl.saferpm.dryRun) return passthrough(ctx, cl);
  out.out(`source packages only: passed straight to rpm (dry run: command not executed)\n  ${passthroughCommand(ctx, cl)}`);
  return EXIT.OK;
}
