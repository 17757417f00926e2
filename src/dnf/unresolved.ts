/**
 * A transaction saferpm cannot work out beforehand: a dnf command it does
 * not know (a plugin's), or a transaction table it cannot read. Refused
 * (exit 79, nothing run) unless --saferpm-allow-unresolved; then dnf runs
 * inside the run pipeline with every installed package recorded before and
 * after, so the record, the boot check and the note still say what changed.
 */
import { EXIT, RefusedError } from '../errors.js';
import type { Output } from '../output/output.js';
import type { Context } from '../context.js';
import type { InterruptGuard } from '../exec/signals.js';
import { classify } from '../rpm/classify.js';
import { queryAllInstalled } from '../rpm/query.js';
import type { LoadedPolicy } from '../run/policy.js';
import { defaultSafetySteps } from '../run/safety.js';
import type { TransactionView } from '../run/state.js';
import { runTransaction } from '../run/transaction.js';
import type { DnfCommandLine } from './argv.js';
import type { DnfConfig } from '../dnf-config/effective.js';
import { loadDnfConfig } from '../dnf-config/files.js';
import { dnfExecute } from './execute.js';
import { installOnlyConfigOf } from './installed.js';
import { promptDecision } from './prompt.js';

export type UnresolvedReason = { kind: 'unknown-command'; command: string } | { kind: 'unreadable'; why: string };

export interface UnresolvedInput {
  cl: DnfCommandLine;
  command: string;
  binary: string;
  ctx: Context;
  policy: LoadedPolicy;
  out: Output;
  reason: UnresolvedReason;
  stdinIsTerminal: boolean;
  /** The caller's signal guard, handed to the run pipeline. */
  guard?: InterruptGuard;
}

export async function unresolvedRun(input: UnresolvedInput): Promise<number> {
  const { cl, ctx, out } = input;
  const what = describe(input);
  if (!cl.saferpm.allowUnresolved) {
    throw new RefusedError(`${what}; nothing was run`, `run it with plain ${cl.tool}, or add --saferpm-allow-unresolved to run it with saferpm's safety steps around it`);
  }
  if (cl.saferpm.dryRun) {
    out.out(`${what}; with --saferpm-allow-unresolved saferpm would run ${input.binary} ${cl.args.join(' ')} (dry run: command not executed)`);
    return EXIT.OK;
  }
  const config = await loadDnfConfig(ctx.root, cl.globals);
  const prompt = promptDecision(cl.globals, config, input.stdinIsTerminal);
  if (prompt.kind === 'default-no') {
    out.notice(prompt.message);
    return 1;
  }
  const warning = `${what}: run anyway (--saferpm-allow-unresolved); every installed package is recorded before and after`;
  out.warn(warning);
  const run = await runTransaction({
    ...(input.guard ? { guard: input.guard } : {}),
    ctx, tool: cl.tool, commandLine: [...cl.argv], plan: { command: input.command, argv: cl.args, unresolved: input.reason }, warnings: [warning],
    view: await wholeSystemView(ctx, config, input.policy.policy.installonlyExtra), out,
    options: { changelog: false, requireStandby: Boolean(cl.saferpm.requireStandby) || input.policy.policy.requireStandby, noBootCheck: Boolean(cl.saferpm.noBootCheck) },
    policy: input.policy.policy, ...input.policy.fileFields,
    execute: dnfExecute(input.binary, cl.args, { emptyStdin: !input.stdinIsTerminal }),
    ...(cl.saferpm.report ? { report: cl.saferpm.report } : {}),
  }, defaultSafetySteps());
  return run.record.exitCode ?? EXIT.SOFTWARE;
}

function describe({ cl, command, reason }: UnresolvedInput): string {
  if (reason.kind === 'unknown-command') return `'${cl.tool} ${command}' is not a command saferpm knows, so it cannot tell which packages it changes`;
  return `saferpm cannot read dnf's transaction table (${reason.why}), so it cannot tell which packages '${cl.tool} ${command}' changes`;
}

/** Nothing known beforehand: every installed package is "before", none is known to be replaced or to come in. */
async function wholeSystemView(ctx: Context, config: DnfConfig, extra: string[]): Promise<TransactionView> {
  const before = await queryAllInstalled(ctx.rpm);
  const installOnly = installOnlyConfigOf(config, extra);
  return {
    replaced: [], incoming: [], before,
    names: [...new Set(before.map((p) => p.name))],
    installOnlyNames: installOnly.names,
    kernelNames: [...new Set(before.filter((p) => classify(p, installOnly).installOnly).map((p) => p.name))],
  };
}
