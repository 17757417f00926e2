/**
 * The dnf driver of the guarded run (src/run/guarded.ts): dnf's own
 * resolution (--assumeno) -> the dnf transaction with saferpm's findings
 * (prepare.ts, transaction.ts), printed (render.ts); its own check is dnf's
 * question, answered as dnf would answer it (src/dnf/cli/prompt.ts); the
 * transaction is the user's dnf command as given (execute.ts). A request
 * saferpm cannot resolve goes to unresolved.ts; one dnf refused while
 * resolving is answered with dnf's own words and exit code.
 */
import type { Output } from '../../output/output.js';
import type { Context } from '../../context.js';
import type { DnfCommandLine } from '../../dnf/cli/argv.js';
import { passthroughDnf } from '../../dnf/cli/passthrough.js';
import { dnfChangelogLoader } from '../../dnf/changelogs/load.js';
import { OVERRIDE_KERNELS, OVERRIDE_ONLY_RUNNING } from '../../dnf/kernels/check.js';
import type { Driver, Planned, Preparation } from '../../run/driver.js';
import { readChangelogs, showChangelogs } from '../../run/steps/changelog.js';
import type { Resolution } from '../../dnf/resolve/resolve.js';
import { ask } from './ask.js';
import { dnfExecute } from './execute.js';
import { prepareDnf, type DnfPrepared } from './prepare.js';
import { renderDnfTransaction } from './render.js';
import { refusals } from './transaction.js';
import { unresolvedPlanned, type UnresolvedReason } from './unresolved.js';
import { dnfTransactionView } from './view.js';

export interface DnfRequest {
  cl: DnfCommandLine;
  /** dnf's command in its own name ('upgrade' for 'up'). */
  command: string;
  /** The dnf or yum found on PATH. */
  binary: string;
  /** dnf's -q: dnf would print nothing on stdout. */
  quiet: boolean;
  known: boolean;
  stdinIsTerminal: boolean;
}

export function dnfDriver(ctx: Context, req: DnfRequest): Driver {
  const { cl } = req;
  return {
    tool: cl.tool,
    commandLine: cl.argv,
    ctx,
    options: {
      dryRun: Boolean(cl.saferpm.dryRun),
      changesNothing: false,
      changelog: Boolean(cl.saferpm.changelog),
      requireStandby: Boolean(cl.saferpm.requireStandby),
      noBootCheck: Boolean(cl.saferpm.noBootCheck),
      ...(cl.saferpm.report ? { report: cl.saferpm.report } : {}),
    },
    async prepare(loaded): Promise<Preparation> {
      const unresolved = async (reason: UnresolvedReason): Promise<Preparation> => ({ kind: 'planned', planned: await unresolvedPlanned({ ...req, ctx, installOnlyExtra: loaded.policy.installonlyExtra, reason }) });
      if (!req.known) return unresolved({ kind: 'unknown-command', command: req.command });
      const prepared = await prepareDnf({ cl, binary: req.binary, command: req.command, ctx, installOnlyExtra: loaded.policy.installonlyExtra });
      if (prepared.status === 'planned') return { kind: 'planned', planned: planned(ctx, req, prepared) };
      const r = prepared.resolution;
      if (r.status === 'unreadable') return unresolved({ kind: 'unreadable', why: r.error.message });
      return { kind: 'answered', answer: (out) => dnfRefused(req, out, r) };
    },
  };
}

function planned(ctx: Context, req: DnfRequest, prepared: Extract<DnfPrepared, { status: 'planned' }>): Planned {
  const { cl, binary } = req;
  const { plan } = prepared;
  const changelogs = dnfChangelogLoader({ binary, args: cl.args, rpm: ctx.rpm, items: prepared.transaction.items });
  const view = dnfTransactionView(prepared.transaction, prepared.installed, changelogs);
  const refused = refusals(plan).filter((f) => !overridden(cl, f.override));
  const p: Planned = {
    plan,
    warnings: plan.findings.filter((f) => f.level === 'warn' || overridden(cl, f.override)).map((f) => f.message),
    text: (dryRun) => renderDnfTransaction(plan, { binary, dryRun }),
    async dryRunExtras(out) {
      if (!cl.saferpm.changelog) return { warnings: [] };
      const read = await readChangelogs(view, ctx.rpm);
      showChangelogs(out, read);
      return { warnings: read.problems, audit: { changelogs: read.logs } };
    },
    gate: async (out) => ask(req, prepared.config, out),
    view,
    execute: dnfExecute(binary, cl.args, { emptyStdin: !req.stdinIsTerminal }),
  };
  if (refused.length) {
    p.refusal = { message: `${refused.map((f) => f.message).join('; ')}; nothing was changed`, hint: `if this is intended, add ${[...new Set(refused.map((f) => f.override))].join(' ')}` };
  }
  if (plan.transaction.items.length === 0) p.handOver = () => passthroughDnf(binary, cl.args); // dnf: "Nothing to do."
  return p;
}

/**
 * dnf refused the request while resolving it: what it printed, on the streams
 * it chose ("No match for argument: X" and the --skip-broken hint on stdout,
 * "Error: ..." on stderr), and its exit code. The resolution ran with
 * debuglevel 2, which undoes -q: with -q, dnf would have printed nothing on
 * stdout, so neither does saferpm.
 */
function dnfRefused(req: DnfRequest, out: Output, r: Extract<Resolution, { status: 'failed' }>): number {
  if (r.stdout && !req.quiet) out.out(r.stdout);
  out.relay(r.stderr || `${r.message}\n`, 'stderr');
  out.info(`${req.cl.tool} refused '${req.command}' (exit ${r.exitCode}); nothing was changed`);
  return r.exitCode;
}

/** --saferpm-allow-fewer-kernels overrides every kernel refusal; --saferpm-allow-only-running-kernel only its own. */
function overridden(cl: DnfCommandLine, option: string | undefined): boolean {
  if (option === OVERRIDE_KERNELS) return Boolean(cl.saferpm.allowFewerKernels);
  if (option === OVERRIDE_ONLY_RUNNING) return Boolean(cl.saferpm.allowOnlyRunningKernel || cl.saferpm.allowFewerKernels);
  return false;
}
