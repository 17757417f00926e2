/**
 * The dnf transaction: what dnf will do (its own resolution), the kernels before
 * and after, the advisories it brings in, whether a reboot will be needed,
 * and saferpm's findings (warnings and refusals). Pure and serializable: it
 * is what --saferpm-dry-run prints and what the run record keeps.
 */
import { assessReboot, matchAdvisories, type AdvisoryMatch, type RebootAssessment } from '../../dnf/advisories/match.js';
import { configFindings, type KernelName } from '../../dnf/config/findings.js';
import type { DnfConfig } from '../../dnf-config/effective.js';
import type { Finding } from '../../dnf/findings.js';
import type { InstalledState } from '../../dnf/kernels/installed.js';
import { kernelFindings, kernelOutcome, type KernelOutcome } from '../../dnf/kernels/check.js';
import type { DnfTable, TransactionItem } from '../../dnf/resolve/parse-table.js';
import type { RepoAdvisories } from '../../dnf/advisories/repo-cache.js';
import type { VersionLock } from '../../dnf/config/versionlock.js';
import { nevra } from '../../rpm/package.js';

export interface DnfTransaction {
  tool: 'dnf' | 'yum';
  /** dnf's command in its own name ('upgrade'), and the arguments it will get. */
  command: string;
  argv: string[];
  root: string;
  configFile?: string;
  installonlyLimit: { value: number; source: string };
  runningKernel?: string;
  transaction: { items: TransactionItem[]; skipped: TransactionItem[]; notes: DnfTable['notes']; nothingToDo: boolean };
  kernels: Omit<KernelOutcome, 'erasedVersions'>;
  advisories: AdvisoryMatch[];
  /** Repositories whose advisories could not be read, and why. */
  advisoryProblems: string[];
  reboot: RebootAssessment;
  findings: Finding[];
}

export interface DnfTransactionInput {
  tool: 'dnf' | 'yum';
  command: string;
  argv: string[];
  root: string;
  runningKernel?: string;
  config: DnfConfig;
  lock?: VersionLock;
  transaction: DnfTable;
  installed: InstalledState;
  advisories: RepoAdvisories[];
}

export function makeDnfTransaction(input: DnfTransactionInput): DnfTransaction {
  const { transaction: t, installed, config } = input;
  const outcome = kernelOutcome(installed.installOnly, t);
  const advisories = matchAdvisories(t.items, installed.before, input.advisories);
  const newKernels = outcome.after.filter((v) => !outcome.before.includes(v));
  const plan: DnfTransaction = {
    tool: input.tool, command: input.command, argv: input.argv, root: input.root,
    installonlyLimit: config.installonlyLimit,
    transaction: { items: t.items, skipped: t.skipped, notes: t.notes, nothingToDo: t.nothingToDo },
    kernels: { before: outcome.before, after: outcome.after, erased: outcome.erased },
    advisories,
    advisoryProblems: input.advisories.flatMap((r) => (r.problem ? [r.problem] : [])),
    reboot: assessReboot(advisories, t.items, newKernels),
    findings: [...configFindings(config, kernelNames(installed, t), input.lock), ...kernelFindings(outcome, { command: input.command, ...(input.runningKernel ? { runningKernel: input.runningKernel } : {}) })],
  };
  if (config.configFile) plan.configFile = config.configFile;
  if (input.runningKernel) plan.runningKernel = input.runningKernel;
  return plan;
}

/** Installed install-only packages and incoming packages of their names: what excludes are checked against. */
function kernelNames(installed: InstalledState, t: DnfTable): KernelName[] {
  const names = new Set(installed.installOnly.map((i) => i.pkg.name));
  return [
    ...installed.installOnly.map((i) => ({ name: i.pkg.name, nevra: nevra(i.pkg) })),
    ...[...t.items, ...t.skipped].filter((i) => names.has(i.name)).map((i) => ({ name: i.name, nevra: `${i.name}-${i.evr}.${i.arch}` })),
  ];
}

export function refusals(plan: DnfTransaction): Finding[] {
  return plan.findings.filter((f) => f.level === 'refuse');
}
