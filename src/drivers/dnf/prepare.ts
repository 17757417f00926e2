/**
 * From the command line to the dnf transaction, changing nothing: the effective
 * configuration, the versionlock list, dnf's own resolution (--assumeno),
 * the installed packages concerned, the advisories from dnf's cache.
 */
import type { Context } from '../../context.js';
import type { DnfCommandLine } from '../../dnf/cli/argv.js';
import type { DnfConfig } from '../../dnf-config/effective.js';
import { loadDnfConfig } from '../../dnf-config/files.js';
import { readInstalled } from '../../dnf/kernels/installed.js';
import { makeDnfTransaction, type DnfTransaction } from './transaction.js';
import { loadAdvisories } from '../../dnf/advisories/repo-cache.js';
import { resolveTransaction, type Resolution } from '../../dnf/resolve/resolve.js';
import { loadVersionLock } from '../../dnf/config/versionlock.js';
import type { InstalledState } from '../../dnf/kernels/installed.js';
import type { DnfTable } from '../../dnf/resolve/parse-table.js';

export type DnfPrepared =
  | { status: 'planned'; config: DnfConfig; plan: DnfTransaction; installed: InstalledState; transaction: DnfTable }
  | { status: 'unresolved'; config: DnfConfig; resolution: Exclude<Resolution, { status: 'resolved' }> };

export interface PrepareInput {
  cl: DnfCommandLine;
  binary: string;
  command: string;
  ctx: Context;
  /** The patch plan's installonly_extra: more names saferpm counts as kernels. */
  installOnlyExtra: string[];
}

export async function prepareDnf(input: PrepareInput): Promise<DnfPrepared> {
  const { cl, ctx } = input;
  const config = await loadDnfConfig(ctx.root, cl.globals);
  const [lock, resolution] = await Promise.all([loadVersionLock(config, cl.globals), resolveTransaction(input.binary, cl.args)]);
  if (resolution.status !== 'resolved') return { status: 'unresolved', config, resolution };
  const transaction = resolution.transaction;
  const installed = await readInstalled(ctx, config, transaction, input.installOnlyExtra);
  const incoming = transaction.items.filter((i) => i.action !== 'remove' && !i.repo.startsWith('@'));
  const advisories = await loadAdvisories(ctx.root, config.cachedir, incoming.map((i) => i.repo), new Set(incoming.map((i) => i.name)));
  const plan = makeDnfTransaction({
    tool: cl.tool, command: input.command, argv: cl.args, root: ctx.root, config, transaction, installed, advisories,
    ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}),
    ...(lock ? { lock } : {}),
  });
  return { status: 'planned', config, plan, installed, transaction };
}
