/**
 * saferpm dnf|yum ARGS...: commands that change no package go to dnf
 * untouched; a transaction command is first resolved by dnf itself
 * (--assumeno), checked (kernels kept, configuration that hides or loses
 * kernels, advisories, reboot), printed, and then run by the real dnf inside
 * the shared run pipeline (snapshots, configuration backup, standby copies,
 * rpm -V, boot check, diff, run record, recovery note). docs/dnf.md.
 */
import { EXIT, RefusedError } from '../errors.js';
import type { Output } from '../cli/output.js';
import { makeContext, type Context } from '../context.js';
import { parseDnfArgs, type DnfCommandLine } from '../dnf/argv.js';
import { findTool } from '../dnf/binary.js';
import { classifyCommand, type CommandClass } from '../dnf/commands.js';
import { dnfExecute } from '../dnf/execute.js';
import { passthroughDnf } from '../dnf/passthrough.js';
import { refusals, type DnfPlan } from '../dnf/plan.js';
import { prepareDnf } from '../dnf/prepare.js';
import { promptDecision } from '../dnf/prompt.js';
import { renderDnfPlan } from '../dnf/render.js';
import { unresolvedRun, type UnresolvedReason } from '../dnf/unresolved.js';
import { dnfTransactionView } from '../dnf/view.js';
import { newRecord, newRunId } from '../record/store.js';
import type { RunRecord } from '../record/types.js';
import { loadPatchPolicy, type LoadedPolicy } from '../run/policy.js';
import { writeReport } from '../run/report.js';
import { defaultSafetySteps } from '../run/safety.js';
import { runTransaction } from '../run/transaction.js';

export async function runDnf(tool: 'dnf' | 'yum', argv: string[], out: Output, stdinIsTerminal = Boolean(process.stdin.isTTY)): Promise<number> {
  const cl = parseDnfArgs(tool, argv);
  const binary = findTool(tool);
  const cls = classifyCommand(cl.command, cl.operands);
  const g = cl.globals;
  if (g.help || g.version || cls.kind === 'read-only' || g.downloadonly || g.assumeno) {
    if (!cl.saferpm.dryRun) return passthroughDnf(binary, cl.args);
    out.out(`${tool} ${cls.canonical || '(no command)'} changes no installed package: saferpm passes it to ${binary} unchanged (dry run: command not executed)`);
    return EXIT.OK;
  }
  const ctx = makeContext({ root: g.installroot, runningKernel: cl.saferpm.runningKernel });
  const policy = await loadPatchPolicy(ctx.root);
  if (cls.kind === 'unknown') return unresolved(cl, cls, binary, ctx, policy, out, { kind: 'unknown-command', command: cls.canonical }, stdinIsTerminal);
  const prepared = await prepareDnf({ cl, binary, command: cls.canonical, ctx, installOnlyExtra: policy.policy.installonlyExtra });
  if (prepared.status === 'unresolved') {
    const r = prepared.resolution;
    if (r.status === 'failed') {
      out.error(`${tool} cannot carry out '${cls.canonical}'; nothing was changed. dnf said:`);
      for (const line of r.message.split('\n')) out.error(`  ${line}`);
      return r.exitCode;
    }
    return unresolved(cl, cls, binary, ctx, policy, out, { kind: 'unreadable', why: r.error.message }, stdinIsTerminal);
  }
  const { plan, config } = prepared;
  const dryRun = Boolean(cl.saferpm.dryRun);
  const text = renderDnfPlan(plan, { binary, dryRun });
  const refused = refusals(plan).filter((f) => !overridden(cl, f.override));
  if (dryRun) {
    out.out(text);
    await report(cl, plan, ctx, refused.length ? 'refused' : 'planned', refused.length ? EXIT.REFUSED : EXIT.OK);
    return refused.length ? EXIT.REFUSED : EXIT.OK;
  }
  out.info(text);
  if (refused.length) {
    await report(cl, plan, ctx, 'refused', EXIT.REFUSED);
    throw new RefusedError(`${refused.map((f) => f.message).join('; ')}; nothing was changed`, `if this is intended, add ${[...new Set(refused.map((f) => f.override))].join(' ')}`);
  }
  if (plan.transaction.items.length === 0) return passthroughDnf(binary, cl.args);
  const prompt = promptDecision(g, config, stdinIsTerminal);
  if (prompt.kind === 'default-no') {
    out.warn(prompt.message);
    await report(cl, plan, ctx, 'refused', 1);
    return 1; // what dnf exits with after "Operation aborted."
  }
  if (prompt.kind === 'default-yes') out.info(prompt.message);
  const warnings = plan.findings.filter((f) => f.level === 'warn' || overridden(cl, f.override)).map((f) => f.message);
  for (const w of warnings) out.warn(w);
  const run = await runTransaction({
    ctx, tool, commandLine: argv, plan, warnings, view: dnfTransactionView(prepared.transaction, prepared.installed), out,
    options: { changelog: false, requireStandby: Boolean(cl.saferpm.requireStandby) || policy.policy.requireStandby, noBootCheck: Boolean(cl.saferpm.noBootCheck) },
    policy: policy.policy, ...policy.fileFields,
    execute: dnfExecute(binary, cl.args, { emptyStdin: !stdinIsTerminal }),
  }, defaultSafetySteps());
  if (cl.saferpm.report) await writeReport(cl.saferpm.report, run.record);
  return run.record.exitCode ?? EXIT.SOFTWARE;
}

function overridden(cl: DnfCommandLine, option: string | undefined): boolean {
  return option === '--saferpm-allow-fewer-kernels' && Boolean(cl.saferpm.allowFewerKernels);
}

/** --saferpm-report for a run that stopped before the transaction (dry run, refusal, no answer). */
async function report(cl: DnfCommandLine, plan: DnfPlan, ctx: Context, status: RunRecord['status'], exitCode: number): Promise<void> {
  if (!cl.saferpm.report) return;
  const record = newRecord({ id: newRunId(), tool: cl.tool, commandLine: [...cl.argv], root: ctx.root, plan });
  record.warnings.push(...plan.findings.map((f) => `${f.level === 'refuse' ? 'refused' : 'warning'}: ${f.message}`));
  await writeReport(cl.saferpm.report, { ...record, status, exitCode, finishedAt: new Date().toISOString() });
}

async function unresolved(cl: DnfCommandLine, cls: CommandClass, binary: string, ctx: Context, policy: LoadedPolicy, out: Output, reason: UnresolvedReason, stdinIsTerminal: boolean): Promise<number> {
  return unresolvedRun({ cl, command: cls.canonical, binary, ctx, policy, out, reason, stdinIsTerminal });
}
