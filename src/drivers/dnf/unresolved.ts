/**
 * A transaction saferpm cannot work out beforehand: a dnf command it does
 * not know (a plugin's), or a transaction table it cannot read. Refused
 * (exit 79, nothing run) unless --saferpm-allow-unresolved; then dnf runs
 * inside the run pipeline with every installed package recorded before and
 * after, so the record, the boot check and the note still say what changed.
 */
import { RefusedError } from '../../errors.js';
import type { Context } from '../../context.js';
import { classify } from '../../rpm/classify.js';
import { queryAllInstalled } from '../../rpm/query.js';
import type { Planned } from '../../run/driver.js';
import type { UnresolvedDnfRun, UnresolvedReason } from '../../record/types.js';
export type { UnresolvedReason };
import type { TransactionView } from '../../run/state.js';
import { kernelNamesOf } from '../../run/view.js';
import type { DnfCommandLine } from '../../dnf/cli/argv.js';
import type { DnfConfig } from '../../dnf-config/effective.js';
import { loadDnfConfig } from '../../dnf-config/files.js';
import { installOnlyConfigOf } from '../../dnf/kernels/installed.js';
import { ask } from './ask.js';
import { dnfExecute } from './execute.js';

export interface UnresolvedInput {
  cl: DnfCommandLine;
  command: string;
  binary: string;
  ctx: Context;
  installOnlyExtra: string[];
  reason: UnresolvedReason;
  stdinIsTerminal: boolean;
}

/** Refused (thrown) without --saferpm-allow-unresolved; with it, a plan of the whole system for the guarded run. */
export async function unresolvedPlanned(input: UnresolvedInput): Promise<Planned> {
  const { cl, ctx } = input;
  const what = describe(input);
  if (!cl.saferpm.allowUnresolved) {
    throw new RefusedError(`${what}; nothing was run`, `run it with plain ${cl.tool}, or add --saferpm-allow-unresolved to run it with saferpm's safety steps around it`);
  }
  const config = await loadDnfConfig(ctx.root, cl.globals);
  const warning = `${what}: run anyway (--saferpm-allow-unresolved); every installed package is recorded before and after`;
  const plan: UnresolvedDnfRun = { command: input.command, argv: cl.args, unresolved: input.reason };
  return {
    plan,
    warnings: [warning],
    text: (dryRun) => (dryRun ? `${what}; with --saferpm-allow-unresolved saferpm would run ${input.binary} ${cl.args.join(' ')} (dry run: command not executed)` : undefined),
    async gate(out) {
      const stop = await ask(input, config, out);
      if (!stop) out.warn(warning);
      return stop;
    },
    view: cl.saferpm.dryRun ? emptyView() : await wholeSystemView(ctx, config, input.installOnlyExtra),
    execute: dnfExecute(input.binary, cl.args, { emptyStdin: !input.stdinIsTerminal }),
  };
}

function describe({ cl, command, reason }: UnresolvedInput): string {
  if (reason.kind === 'unknown-command') return `'${cl.tool} ${command}' is not a command saferpm knows, so it cannot tell which packages it changes`;
  return `saferpm cannot read dnf's transaction table (${reason.why}), so it cannot tell which packages '${cl.tool} ${command}' changes`;
}

function emptyView(): TransactionView {
  return { replaced: [], incoming: [], before: [], names: [], installOnlyNames: [], kernelNames: [] };
}

/** Nothing known beforehand: every installed package is "before", none is known to be replaced or to come in. */
async function wholeSystemView(ctx: Context, config: DnfConfig, extra: string[]): Promise<TransactionView> {
  const before = await queryAllInstalled(ctx.rpm);
  const installOnly = installOnlyConfigOf(config, extra);
  return {
    replaced: [], incoming: [], before,
    names: [...new Set(before.map((p) => p.name))],
    installOnlyNames: installOnly.names,
    kernelNames: kernelNamesOf(before.filter((p) => classify(p, installOnly).installOnly), []),
  };
}
