/**
 * The dnf plan: what dnf will do (its own resolution), the kernels before
 * and after, the advisories it brings in, whether a reboot will be needed,
 * and saferpm's findings (warnings and refusals). Pure and serializable: it
 * is what --saferpm-dry-run prints and what the run record keeps.
 */
import { assessReboot, matchAdvisories, type AdvisoryMatch, type RebootAssessment } from './advisories.js';
import { configFindings, type KernelName } from './config-findings.js';
import type { DnfConfig } from '../dnf-config/effective.js';
import type { Finding } from './findings.js';
import type { InstalledState } from './installed.js';
import { kernelFindings, kernelOutcome, type KernelOutcome } from './kernel-check.js';
import type { DnfTransaction, TransactionItem } from './parse-transaction.js';
import type { RepoAdvisories } from './repo-cache.js';
import type { VersionLock } from './versionlock.js';
import { nevra } from '../rpm/package.js';

export interface DnfPlan {
  tool: 'dnf' | 'yum';
  /** dnf's command in its own name ('upgrade'), and the arguments it will get. */
  command: string;
  argv: string[];
  root: string;
  configFile?: string;
  installonlyLimit: { value: number; source: string };
  runningKernel?: string;
  transaction: { items: TransactionItem[]; skipped: TransactionItem[]; notes: DnfTransaction['notes']; nothingToDo: boolean };
  kernels: Omit<KernelOutcome, 'erasedVersions'>;
  advisories: AdvisoryMatch[];
  /** Repositories whose advisories could not be read, and why. */
  advisoryProblems: string[];
  reboot: RebootAssessment;
  findings: Finding[];
}

export interface PlanInput {
  tool: 'dnf' | 'yum';
  command: string;
  argv: string[];
  root: string;
  runningKernel?: string;
  config: DnfConfig;
  lock?: VersionLock;
  transaction: DnfTransaction;
  installed: InstalledState;
  advisories: RepoAdvisories[];
}

export function makeDnfPlan(input: PlanInput): DnfPlan {
  const { transaction: t, installed, config } = input;
  const outcome = kernelOutcome(installed.installOnly, t);
  const advisories = matchAdvisories(t.items, installed.before, input.advisories);
  const newKernels = outcome.after.filter((v) => !outcome.before.includes(v));
  const plan: DnfPlan = {
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
function kernelNames(installed: InstalledState, t: DnfTransaction): KernelName[] {
  const names = new Set(installed.installOnly.map((i) => i.pkg.name));
  return [
    ...installed.installOnly.map((i) => ({ name: i.pkg.name, nevra: nevra(i.pkg) })),
    ...[...t.items, ...t.skipped].filter((i) => names.has(i.name)).map((i) => ({ name: i.name, nevra: `${i.name}-${i.evr}.${i.arch}` })),
  ];
}

export function refusals(plan: DnfPlan): Finding[] {
  return plan.findings.filter((f) => f.level === 'refuse');
}
