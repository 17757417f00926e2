/**
 * From the command line to the dnf plan, changing nothing: the effective
 * configuration, the versionlock list, dnf's own resolution (--assumeno),
 * the installed packages concerned, the advisories from dnf's cache.
 */
import type { Context } from '../context.js';
import type { DnfCommandLine } from './argv.js';
import type { DnfConfig } from '../dnf-config/effective.js';
import { loadDnfConfig } from '../dnf-config/files.js';
import { readInstalled } from './installed.js';
import { makeDnfPlan, type DnfPlan } from './plan.js';
import { loadAdvisories } from './repo-cache.js';
import { resolveTransaction, type Resolution } from './resolve.js';
import { loadVersionLock } from './versionlock.js';
import type { InstalledState } from './installed.js';
import type { DnfTransaction } from './parse-transaction.js';

export type DnfPrepared =
  | { status: 'planned'; config: DnfConfig; plan: DnfPlan; installed: InstalledState; transaction: DnfTransaction }
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
  const plan = makeDnfPlan({
    tool: cl.tool, command: input.command, argv: cl.args, root: ctx.root, config, transaction, installed, advisories,
    ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}),
    ...(lock ? { lock } : {}),
  });
  return { status: 'planned', config, plan, installed, transaction };
}
