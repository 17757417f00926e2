/**
 * From the command line to the plan: check the files, read every header in
 * one rpm process (file lists only for the packages that may be kernels by
 * their files, in a second one: query.ts), look up what is installed,
 * classify, plan. Nothing here changes anything.
 */
import { EXIT, InputError } from '../errors.js';
import type { Context } from '../context.js';
import type { RpmCommandLine } from '../rpm/argv.js';
import { classify, type Classification } from '../rpm/classify.js';
import type { PackageInput } from '../rpm/inputs.js';
import { hasRpmDatabase } from '../rpm/database.js';
import { loadInstallOnlyConfig, type InstallOnlyConfig } from '../dnf-config/installonly.js';
import type { RpmPackage } from '../rpm/package.js';
import { makePlan, type InstallMode, type TransactionPlan } from '../rpm/plan.js';
import { queryInstalled, queryWhatProvides, readPackageFiles, uniquePackages } from '../rpm/query.js';

export interface Prepared {
  inputs: PackageInput[];
  packages: (RpmPackage & { file: string })[];
  installed: { pkg: RpmPackage; cls: Classification }[];
  installOnly: InstallOnlyConfig;
  plan: TransactionPlan;
  /** What the plan was made from (--one-at-a-time plans each group from it). */
  planInput: Parameters<typeof makePlan>[0];
}

export interface PrepareOptions {
  installOnlyExtra?: string[];
  keepKernels?: number;
}

export async function prepare(ctx: Context, cl: RpmCommandLine, mode: InstallMode, opts: PrepareOptions = {}): Promise<Prepared> {
  if (cl.packages.length === 0) throw new InputError('rpm', `no package files given to ${mode === 'install' ? '-i' : mode === 'upgrade' ? '-U' : '-F'}`, EXIT.USAGE, 'name the package files, e.g. saferpm -Uvh *.rpm');
  const [{ inputs, packages }, installOnly] = await Promise.all([readPackageFiles(ctx.rpm, cl.packages, process.cwd(), 'kernel'), loadInstallOnlyConfig(ctx.root, opts.installOnlyExtra)]);
  const source = packages.findIndex((p) => p.isSource);
  if (source >= 0) {
    throw new InputError((inputs[source] as PackageInput).given, 'is a source package (.src.rpm); it cannot be installed as a binary package', EXIT.DATAERR, 'build it with rpmbuild --rebuild, or leave it out');
  }
  const names = [...new Set(packages.map((p) => p.name))];
  // One after the other: on a root without a database yet, two rpm processes
  // would race to create it ("attempt to write a readonly database").
  const withDb = await hasRpmDatabase(ctx.root, cl);
  const sameName = withDb ? await queryInstalled(ctx.rpm, names, false, 'kernel') : [];
  const installOnlyInstalled = withDb ? await queryWhatProvides(ctx.rpm, installOnly.names) : [];
  const installed = uniquePackages([...sameName, ...installOnlyInstalled]).map((pkg) => ({ pkg, cls: classify(pkg, installOnly) }));
  const classified = packages.map((pkg) => ({ pkg: pkg as RpmPackage & { file: string }, cls: classify(pkg, installOnly) }));
  const planInput: Parameters<typeof makePlan>[0] = {
    cl,
    mode,
    packages: classified,
    installed,
    allowKernelUpgrade: Boolean(cl.saferpm.allowKernelUpgrade),
  };
  if (ctx.runningKernel) planInput.runningKernel = ctx.runningKernel;
  const keep = cl.saferpm.keepKernels ?? opts.keepKernels;
  if (keep !== undefined) planInput.keepKernels = keep;
  const plan = makePlan(planInput);
  for (const { pkg, cls } of classified) {
    if (cls.thirdPartyKernel) plan.warnings.push(`${pkg.name}: ${cls.reason}`);
  }
  return { inputs, packages: classified.map((c) => c.pkg), installed, installOnly, plan, planInput };
}
