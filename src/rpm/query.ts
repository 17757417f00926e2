/**
 * Reading package headers through the real rpm, always in one process for all
 * packages (process start-up costs more than reading a header).
 */
import { EXIT, InputError, SaferpmError, UsageError } from '../errors.js';
import { runCommand } from '../exec/run.js';
import { isKernelFileDir, type RpmPackage } from './package.js';
import { DIRS_QUERY_FORMAT, parseQueryOutput, QueryStreamParser, QUERY_FORMAT, VERSIONS_QUERY_FORMAT } from './parse-query.js';
import { inspectPackageInputs, namePackageInputs, statPackageInputs, type PackageInput } from './inputs.js';

/** How saferpm calls rpm: the binary and the global options (--root, --dbpath, --define ...). */
export interface RpmInvocation {
  binary: string;
  /** Options that select the database and macros, passed to every rpm saferpm runs. */
  globalArgs: string[];
}

/**
 * Which file lists to ask rpm for: every package's, or only those of packages
 * with files under /boot/ or a modules tree (the others get `fileDirs` and no
 * `files`). Their classification is the same either way (isKernelFileDir), and
 * rpm prints a fraction of the text: the file lists are most of a header.
 */
export type FileLists = 'all' | 'kernel';

/**
 * Up to this many package files, every file list is read in the one rpm
 * process: a second process (about one plain `rpm -Uvh` of a few packages,
 * BENCHMARKS.md, "Cost per call") costs more than the text, and the snapshot
 * after the run then finds the owners of running executables without a third
 * (run/steps/snapshot.ts). Past it, the text dominates (the 2,000-package dry run).
 */
export const ALL_FILE_LISTS_UP_TO = 20;

/** The file lists to ask for with this many package files (see ALL_FILE_LISTS_UP_TO). */
export function fileListsFor(count: number): FileLists {
  return count <= ALL_FILE_LISTS_UP_TO ? 'all' : 'kernel';
}

/**
 * Headers of package files, in the order given. One rpm process, and with
 * fileLists 'kernel' a second one over the packages that may be kernels by
 * their files. `alongside` runs while rpm works (readPackageFiles checks the
 * files then); if it throws, rpm is stopped and its error is the result.
 */
export async function queryPackageFiles(rpm: RpmInvocation, inputs: readonly PackageInput[], alongside?: () => Promise<void>, fileLists: FileLists = 'all'): Promise<RpmPackage[]> {
  if (inputs.length === 0) return [];
  if (fileLists === 'kernel') {
    const headers = await queryHeaders(rpm, inputs, DIRS_QUERY_FORMAT, alongside);
    return withFileLists(rpm, headers, (p) => Boolean(p.fileDirs?.some(isKernelFileDir)));
  }
  return queryHeaders(rpm, inputs, QUERY_FORMAT, alongside);
}

/**
 * The full headers, file lists included, of the packages read without them
 * (fileDirs set) that `which` selects; the others unchanged. One rpm process.
 */
export async function withFileLists(rpm: RpmInvocation, packages: RpmPackage[], which: (p: RpmPackage) => boolean = () => true): Promise<RpmPackage[]> {
  const missing = packages.filter((p) => p.fileDirs !== undefined && p.file !== undefined && which(p));
  if (missing.length === 0) return packages;
  const full = await queryHeaders(rpm, missing.map((p) => ({ given: p.file as string, path: p.file as string })), QUERY_FORMAT);
  const byFile = new Map(full.map((p) => [p.file, p]));
  return packages.map((p) => byFile.get(p.file) ?? p);
}

async function queryHeaders(rpm: RpmInvocation, inputs: readonly PackageInput[], format: string, alongside?: () => Promise<void>): Promise<RpmPackage[]> {
  const parser = new QueryStreamParser('rpm -qp', format === DIRS_QUERY_FORMAT ? 'dirs' : 'files');
  // Digests and signatures are not checked here: each transaction verifies its packages
  // before changing anything, rpm -K the later steps' (preflight.ts). --nomanifest: a file
  // that is not a package is an error, never a list of more packages to read.
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-qp', '--nodigest', '--nosignature', '--nomanifest', '--qf', format, '--', ...inputs.map((i) => i.path)], { providedBy: 'rpm', onStdout: (t) => parser.push(t), ...(alongside ? { alongside } : {}) });
  const packages = parser.end();
  if (packages.length === inputs.length && r.exitCode === 0) {
    return packages.map((p, i) => ({ ...p, file: (inputs[i] as PackageInput).path }));
  }
  throw badPackagesError(inputs, r.stderr, r.exitCode);
}

/**
 * rpm names each package it could not read in an "error: PATH: ..." line on
 * stderr; the first one becomes saferpm's one-line error.
 */
function badPackagesError(inputs: readonly PackageInput[], stderr: string, exitCode: number): SaferpmError {
  const errors = stderr.split('\n').filter((l) => l.startsWith('error: '));
  const bad = inputs.filter((i) => errors.some((l) => l.startsWith(`error: ${i.path}: `)));
  const first = bad[0];
  if (first) {
    const line = errors.find((l) => l.startsWith(`error: ${first.path}: `)) as string;
    const why = line.slice(`error: ${first.path}: `.length).replace(/\s+/g, ' ').trim();
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more bad package files: ${bad.slice(1, 4).map((b) => b.given).join(', ')}${bad.length > 4 ? ', ...' : ''})` : '';
    return new InputError(first.given, `rpm cannot read it: ${why}${more}`, EXIT.DATAERR, 'check the file (truncated download?) or leave it out');
  }
  const detail = errors[0] ?? `rpm exited with ${exitCode}`;
  return new SaferpmError(`rpm could not read the package headers: ${detail}`, EXIT.DATAERR);
}

/**
 * Check the named files and read their headers. While rpm starts on them, one
 * stat(2) per file: a file that is not regular or is empty stops rpm (a FIFO
 * would block it forever) and becomes the error. rpm itself refuses anything
 * that is not a package (--nomanifest); when it does, the full checks (the RPM
 * lead, a text file that was meant as a manifest...) name the culprit.
 */
export async function readPackageFiles(
  rpm: RpmInvocation,
  given: readonly string[],
  cwd = process.cwd(),
  stage?: (inputs: PackageInput[]) => Promise<PackageInput[]>,
  fileLists: FileLists = 'all',
): Promise<{ inputs: PackageInput[]; packages: RpmPackage[] }> {
  const named = namePackageInputs(given, cwd);
  const inputs = stage ? await stage(named) : named; // private copies of what others could change (stage-inputs.ts)
  try {
    return { inputs, packages: await queryPackageFiles(rpm, inputs, () => statPackageInputs(inputs), fileLists) };
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) throw e;
    inspectPackageInputs(inputs); // throws the precise error for the first bad file, if any
    throw e;
  }
}

/**
 * Installed packages with these names (every installed version of each). One
 * rpm process. `versionsOnly` leaves provides, requires and files empty. With
 * fileLists 'kernel', file lists only for the packages with a file under
 * /boot/ or a modules tree, asked for by name-version-release.arch in a second
 * process (see FileLists).
 */
export async function queryInstalled(rpm: RpmInvocation, names: readonly string[], versionsOnly = false, fileLists: FileLists = 'all'): Promise<RpmPackage[]> {
  if (names.length === 0) return [];
  const format = versionsOnly ? VERSIONS_QUERY_FORMAT : fileLists === 'kernel' ? DIRS_QUERY_FORMAT : QUERY_FORMAT;
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-q', '--qf', format, '--', ...names], { providedBy: 'rpm' });
  checkDatabaseError(r.stderr);
  const packages = parseQueryOutput(r.stdout, 'rpm -q', format === DIRS_QUERY_FORMAT ? 'dirs' : 'files');
  if (format !== DIRS_QUERY_FORMAT) return packages;
  const open = packages.filter((p) => p.fileDirs?.some(isKernelFileDir));
  if (open.length === 0) return packages;
  const full = new Map((await queryInstalled(rpm, [...new Set(open.map(nvra))])).map((p) => [nevraKey(p), p]));
  return packages.map((p) => full.get(nevraKey(p)) ?? p);
}

const nvra = (p: RpmPackage): string => `${p.name}-${p.version}-${p.release}.${p.arch}`;
const nevraKey = (p: RpmPackage): string => `${p.name}-${p.epoch}:${p.version}-${p.release}.${p.arch}`;

/** Installed packages that provide any of these capabilities. One rpm process. */
export async function queryWhatProvides(rpm: RpmInvocation, capabilities: readonly string[], versionsOnly = false): Promise<RpmPackage[]> {
  if (capabilities.length === 0) return [];
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-q', '--whatprovides', '--qf', versionsOnly ? VERSIONS_QUERY_FORMAT : QUERY_FORMAT, '--', ...capabilities], { providedBy: 'rpm' });
  checkDatabaseError(r.stderr);
  return uniquePackages(parseQueryOutput(r.stdout, 'rpm -q --whatprovides'));
}

/** Every installed package. One rpm process. */
export async function queryAllInstalled(rpm: RpmInvocation): Promise<RpmPackage[]> {
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-qa', '--qf', QUERY_FORMAT], { providedBy: 'rpm' });
  checkDatabaseError(r.stderr);
  return parseQueryOutput(r.stdout, 'rpm -qa');
}

/**
 * Installed packages named NAMES (every installed version) and those that
 * provide any of CAPABILITIES, in ONE rpm process: every package provides its
 * own name (rpmbuild adds "Provides: NAME = EVR" to every package it builds),
 * so `rpm -q --whatprovides` over both lists covers `rpm -q NAMES` too. It may
 * also return a package that merely provides one of the names; callers match
 * by name where it matters (the plan, the versions before and after).
 * One process instead of two on every run (issue 13: cost per call).
 */
export async function queryNamedOrProviding(rpm: RpmInvocation, names: readonly string[], capabilities: readonly string[], versionsOnly = false): Promise<RpmPackage[]> {
  return uniquePackages(await queryWhatProvides(rpm, [...new Set([...capabilities, ...names])], versionsOnly));
}

function checkDatabaseError(stderr: string): void {
  const line = stderr.split('\n').find((l) => /^error: .*(db|database|rpmdb)/i.test(l));
  if (line) throw new SaferpmError(`rpm cannot open its database: ${line.slice(7)}`, EXIT.UNAVAILABLE, "check --root/--dbpath, or run 'rpm --rebuilddb'");
}

/** One entry per installed NEVRA (the same package can come back from several queries). */
export function uniquePackages(packages: RpmPackage[]): RpmPackage[] {
  const seen = new Set<string>();
  return packages.filter((p) => {
    const key = nevraKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
