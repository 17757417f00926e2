/**
 * From the command line to the plan: check the files, read every header in
 * one rpm process (past a handful of files, file lists only for the packages that may be kernels by
 * their files, in a second one: query.ts), look up what is installed,
 * classify, plan. Nothing here changes anything.
 */
import { EXIT, InputError } from '../../errors.js';
import type { Context } from '../../context.js';
import { rpmPlanOptions, type RpmCommandLine } from '../../rpm/argv.js';
import { classify, type Classification } from '../../rpm/classify.js';
import type { PackageInput } from '../../rpm/inputs.js';
import { stageInputs } from '../../rpm/stage-inputs.js';
import { hasRpmDatabase } from '../../rpm/database.js';
import { loadInstallOnlyConfig, type InstallOnlyConfig } from '../../dnf-config/installonly.js';
import type { RpmPackage } from '../../rpm/package.js';
import { makeRpmPlan, type InstallMode, type RpmPlan, type RpmPlanInput } from '../../rpm/rpm-plan.js';
import { fileListsFor, queryNamedOrProviding, readPackageFiles } from '../../rpm/query.js';

export interface Prepared {
  inputs: PackageInput[];
  packages: (RpmPackage & { file: string })[];
  installed: { pkg: RpmPackage; cls: Classification }[];
  installOnly: InstallOnlyConfig;
  plan: RpmPlan;
}

/**
 * A source package (.src.rpm) among the files. rpm -i and -U both unpack its
 * sources into %_topdir (~/rpmbuild) and record nothing in the database: no
 * installed version is replaced, no kernel can be lost, so the safety steps
 * protect nothing. -i of source packages only goes straight to rpm (the
 * caller passes it through, as rpm does); with -U/-F, whose meaning is
 * "replace what is installed", a source package is refused: in a folder of
 * updates it is almost always a mistake, and -i does what rpm -U would.
 */
export class SourcePackageGiven extends InputError {
  constructor(file: string, readonly mode: InstallMode, readonly allSource: boolean) {
    super(
      file,
      mode === 'install'
        ? 'is a source package (.src.rpm) given with binary packages; nothing was changed'
        : `is a source package (.src.rpm): ${mode === 'upgrade' ? '-U' : '-F'} replaces installed binary packages, and a source package replaces nothing; nothing was changed`,
      EXIT.DATAERR,
      mode === 'install' ? 'install the source packages in a command of their own: saferpm -ivh X.src.rpm (passed straight to rpm)' : 'to unpack its sources into ~/rpmbuild, use saferpm -ivh X.src.rpm (passed straight to rpm); to install it, build it with rpmbuild --rebuild',
    );
  }
}

export interface PrepareOptions {
  installOnlyExtra?: string[];
  /** Copy package files others could change into a private folder first (a run that changes things). */
  stage?: boolean;
  keepKernels?: number;
}

export async function prepare(ctx: Context, cl: RpmCommandLine, mode: InstallMode, opts: PrepareOptions = {}): Promise<Prepared> {
  if (cl.packages.length === 0) throw new InputError('rpm', `no package files given to ${mode === 'install' ? '-i' : mode === 'upgrade' ? '-U' : '-F'}`, EXIT.USAGE, 'name the package files, e.g. saferpm -Uvh *.rpm');
  const staged: { copied: number; reason?: string } = { copied: 0 };
  const stage = opts.stage ? async (i: PackageInput[]) => { const s = await stageInputs(ctx.root, i); Object.assign(staged, s); return s.inputs; } : undefined;
  const [{ inputs, packages }, installOnly] = await Promise.all([readPackageFiles(ctx.rpm, cl.packages, process.cwd(), stage, fileListsFor(cl.packages.length)), loadInstallOnlyConfig(ctx.root, opts.installOnlyExtra)]);
  const source = packages.findIndex((p) => p.isSource);
  if (source >= 0) throw new SourcePackageGiven((inputs[source] as PackageInput).given, mode, packages.every((p) => p.isSource));
  const names = [...new Set(packages.map((p) => p.name))];
  // One rpm process for the installed versions of these names and every installed install-only
  // package (on a root without a database yet, two would race to create it).
  const withDb = await hasRpmDatabase(ctx.root, cl);
  const installed = (withDb ? await queryNamedOrProviding(ctx.rpm, names, installOnly.names) : []).map((pkg) => ({ pkg, cls: classify(pkg, installOnly) }));
  const classified = packages.map((pkg) => ({ pkg: pkg as RpmPackage & { file: string }, cls: classify(pkg, installOnly) }));
  const planInput: RpmPlanInput = { mode, packages: classified, installed, options: rpmPlanOptions(cl, opts.keepKernels !== undefined ? { keepKernels: opts.keepKernels } : {}) };
  if (ctx.runningKernel) planInput.runningKernel = ctx.runningKernel;
  const plan = makeRpmPlan(planInput);
  for (const { pkg, cls } of classified) {
    if (cls.thirdPartyKernel) plan.warnings.push(`${pkg.name}: ${cls.reason}`);
  }
  if (staged.copied > 0) plan.warnings.push(`${staged.copied} package file${staged.copied === 1 ? ' was' : 's were'} copied into saferpm's private folder and installed from there: another user could change ${staged.copied === 1 ? 'it' : 'them'} (${staged.reason ?? ''})`);
  return { inputs, packages: classified.map((c) => c.pkg), installed, installOnly, plan };
}
