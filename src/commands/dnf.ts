/**
 * saferpm dnf|yum ARGS...: commands that change no package go to dnf
 * untouched; a transaction command is first resolved by dnf itself
 * (--assumeno), checked (kernels kept, configuration that hides or loses
 * kernels, advisories, reboot), printed, and then run by the real dnf inside
 * the shared run pipeline (snapshots, configuration backup, standby copies,
 * rpm -V, boot check, diff, run record, recovery note). With
 * --saferpm-changelog, the changelogs from the repositories' metadata are
 * shown before anything runs, dry run included. docs/dnf.md.
 */
import { EXIT, RefusedError } from '../errors.js';
import type { Output } from '../output/output.js';
import { makeContext, type Context } from '../context.js';
import { loadAliases, withAliases } from '../dnf/aliases.js';
import { parseDnfArgs, type DnfCommandLine } from '../dnf/argv.js';
import { findTool } from '../dnf/binary.js';
import { dnfChangelogLoader } from '../dnf/changelogs.js';
import { classifyCommand } from '../dnf/commands.js';
import { dnfExecute } from '../dnf/execute.js';
import { passthroughDnf } from '../dnf/passthrough.js';
import { refusals, type DnfPlan } from '../dnf/plan.js';
import type { DnfConfig } from '../dnf-config/effective.js';
import { OVERRIDE_KERNELS, OVERRIDE_ONLY_RUNNING } from '../dnf/kernel-check.js';
import { interruptedBefore } from '../dnf/interrupted.js';
import { prepareDnf, type DnfPrepared } from '../dnf/prepare.js';
import type { Resolution } from '../dnf/resolve.js';
import { promptDecision } from '../dnf/prompt.js';
import { renderDnfPlan } from '../dnf/render.js';
import { unresolvedRun, type UnresolvedReason } from '../dnf/unresolved.js';
import { dnfTransactionView } from '../dnf/view.js';
import { InterruptGuard } from '../exec/signals.js';
import { newRecord, newRunId } from '../record/store.js';
import type { RunRecord } from '../record/types.js';
import { loadPatchPolicy, type LoadedPolicy } from '../run/policy.js';
import { writeReport } from '../run/report.js';
import { defaultSafetySteps } from '../run/safety.js';
import type { ChangelogRead, TransactionView } from '../run/state.js';
import { readChangelogs, showChangelogs } from '../run/steps/changelog.js';
import { runTransaction } from '../run/transaction.js';

export async function runDnf(tool: 'dnf' | 'yum', argv: string[], output: Output, stdinIsTerminal = Boolean(process.stdin.isTTY)): Promise<number> {
  const cl = withAliases(parseDnfArgs(tool, argv), await loadAliases());
  // dnf's -q: only errors and the one-line verdict from saferpm too
  const out = output;
  if (dnfQuiet(cl)) out.beQuiet();
  const binary = findTool(tool);
  const cls = classifyCommand(cl.command, cl.operands);
  const g = cl.globals;
  if (g.help || g.version || cls.kind === 'read-only' || g.downloadonly || g.assumeno) return readOnly(cl, cls.canonical, binary, out);
  const ctx = makeContext({ root: g.installroot, runningKernel: cl.saferpm.runningKernel });
  // From here on a signal does not kill saferpm: dnf's resolution is let finish, and saferpm says what was (not) done.
  const guard = new InterruptGuard().start();
  try {
    const policy = await loadPatchPolicy(ctx.root);
    const run: Run = { cl, binary, ctx, policy, out, stdinIsTerminal, guard };
    const unresolved = (reason: UnresolvedReason) => unresolvedRun({ ...run, command: cls.canonical, reason });
    if (cls.kind === 'unknown') return await unresolved({ kind: 'unknown-command', command: cls.canonical });
    const prepared = await prepareDnf({ cl, binary, command: cls.canonical, ctx, installOnlyExtra: policy.policy.installonlyExtra });
    if (guard.signal) return await interruptedBefore({ cl, ctx, out, signal: guard.signal, stage: 'resolving' });
    if (prepared.status === 'planned') return await carryOut(run, prepared);
    const r = prepared.resolution;
    if (r.status === 'unreadable') return await unresolved({ kind: 'unreadable', why: r.error.message });
    return dnfRefused(run, cls.canonical, r);
  } finally {
    guard.stop();
  }
}

/**
 * dnf refused the request while resolving it: what it printed, on the streams
 * it chose ("No match for argument: X" and the --skip-broken hint on stdout,
 * "Error: ..." on stderr), and its exit code. The resolution ran with
 * debuglevel 2, which undoes -q: with -q, dnf would have printed nothing on
 * stdout, so neither does saferpm.
 */
function dnfRefused(run: Run, command: string, r: Extract<Resolution, { status: 'failed' }>): number {
  const { out, cl } = run;
  if (r.stdout && !dnfQuiet(cl)) out.out(r.stdout);
  out.relay(r.stderr || `${r.message}\n`, 'stderr');
  out.info(`${cl.tool} refused '${command}' (exit ${r.exitCode}); nothing was changed`);
  return r.exitCode;
}

/** dnf's -q (debuglevel 0), unless -v, which dnf applies after it (dnf/cli/cli.py _configure). */
function dnfQuiet(cl: DnfCommandLine): boolean {
  return cl.globals.quiet && !cl.globals.verbose;
}

interface Run {
  cl: DnfCommandLine;
  binary: string;
  ctx: Context;
  policy: LoadedPolicy;
  out: Output;
  stdinIsTerminal: boolean;
  guard: InterruptGuard;
}

/** Passed to dnf untouched (with --saferpm-dry-run: only said). */
async function readOnly(cl: DnfCommandLine, command: string, binary: string, out: Output): Promise<number> {
  if (!cl.saferpm.dryRun) return passthroughDnf(binary, cl.args);
  out.out(`${cl.tool} ${command || '(no command)'} changes no installed package: saferpm passes it to ${binary} unchanged (dry run: command not executed)`);
  return EXIT.OK;
}

async function carryOut(run: Run, prepared: Extract<DnfPrepared, { status: 'planned' }>): Promise<number> {
  const { cl, binary, ctx, policy, out } = run;
  const { plan } = prepared;
  const changelogs = dnfChangelogLoader({ binary, args: cl.args, rpm: ctx.rpm, items: prepared.transaction.items });
  const view = dnfTransactionView(prepared.transaction, prepared.installed, changelogs);
  const stopped = await stopBefore(run, plan, prepared.config, view);
  if (run.guard.signal) return interruptedBefore({ cl, ctx, out, signal: run.guard.signal, stage: 'planned', plan });
  if (stopped !== undefined) return stopped;
  if (plan.transaction.items.length === 0) return passthroughDnf(binary, cl.args); // dnf: "Nothing to do."
  const state = await runTransaction({
    guard: run.guard,
    ctx, tool: cl.tool, commandLine: [...cl.argv], plan, warnings: warningsOf(cl, plan), view, out,
    options: { changelog: Boolean(cl.saferpm.changelog), requireStandby: Boolean(cl.saferpm.requireStandby) || policy.policy.requireStandby, noBootCheck: Boolean(cl.saferpm.noBootCheck) },
    policy: policy.policy, ...policy.fileFields,
    execute: dnfExecute(binary, cl.args, { emptyStdin: !run.stdinIsTerminal }),
    ...(cl.saferpm.report ? { report: cl.saferpm.report } : {}),
  }, defaultSafetySteps());
  return state.record.exitCode ?? EXIT.SOFTWARE;
}

/** Print the plan; stop here for a dry run, a refusal, or a question nobody can answer. */
async function stopBefore(run: Run, plan: DnfPlan, config: DnfConfig, view: TransactionView): Promise<number | undefined> {
  const { cl, out } = run;
  const dryRun = Boolean(cl.saferpm.dryRun);
  const text = renderDnfPlan(plan, { binary: run.binary, dryRun });
  const refused = refusals(plan).filter((f) => !overridden(cl, f.override));
  if (dryRun) {
    out.out(text);
    const changelogs = cl.saferpm.changelog ? await readChangelogs(view, run.ctx.rpm) : undefined;
    if (changelogs) showChangelogs(out, changelogs);
    return report(run, plan, refused.length ? 'refused' : 'planned', refused.length ? EXIT.REFUSED : EXIT.OK, changelogs);
  }
  out.info(text);
  if (refused.length) {
    await report(run, plan, 'refused', EXIT.REFUSED);
    throw new RefusedError(`${refused.map((f) => f.message).join('; ')}; nothing was changed`, `if this is intended, add ${[...new Set(refused.map((f) => f.override))].join(' ')}`);
  }
  const prompt = promptDecision(cl.globals, config, run.stdinIsTerminal);
  if (prompt.kind === 'default-yes') out.info(prompt.message);
  if (prompt.kind !== 'default-no') return undefined;
  out.notice(prompt.message); // why nothing happened (exit 1): said even with -q
  return report(run, plan, 'refused', 1); // what dnf exits with after "Operation aborted."
}

/** --saferpm-allow-fewer-kernels overrides every kernel refusal; --saferpm-allow-only-running-kernel only its own. */
function overridden(cl: DnfCommandLine, option: string | undefined): boolean {
  if (option === OVERRIDE_KERNELS) return Boolean(cl.saferpm.allowFewerKernels);
  if (option === OVERRIDE_ONLY_RUNNING) return Boolean(cl.saferpm.allowOnlyRunningKernel || cl.saferpm.allowFewerKernels);
  return false;
}

/** Warnings, and refusals the admin overrode: kept in the run record. */
function warningsOf(cl: DnfCommandLine, plan: DnfPlan): string[] {
  return plan.findings.filter((f) => f.level === 'warn' || overridden(cl, f.override)).map((f) => f.message);
}

/** --saferpm-report for a run that stopped before the transaction; returns the exit code. */
async function report(run: Run, plan: DnfPlan, status: RunRecord['status'], exitCode: number, changelogs?: ChangelogRead): Promise<number> {
  const { cl } = run;
  if (!cl.saferpm.report) return exitCode;
  const record = newRecord({ id: newRunId(), tool: cl.tool, commandLine: [...cl.argv], root: run.ctx.root, plan });
  record.warnings.push(...warningsOf(cl, plan), ...(changelogs?.problems ?? []));
  if (changelogs) record.audit = { changelogs: changelogs.logs };
  await writeReport(cl.saferpm.report, { ...record, status, exitCode, finishedAt: new Date().toISOString() });
  return exitCode;
}
