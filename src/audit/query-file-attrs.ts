/**
 * Reading file attributes from the rpm database: one rpm process for all the
 * packages (process start-up costs more than the query: docs/rpm-facts.md,
 * "Start one rpm process, not one per package").
 */
import { EXIT, SaferpmError } from '../errors.js';
import { runCommand } from '../exec/run.js';
import type { RpmInvocation } from '../rpm/query.js';
import { FILE_ATTRS_FORMAT, parseFileAttrs, type HeaderFiles } from './parse-file-attrs.js';

export interface InstalledFiles {
  packages: HeaderFiles[];
  /** Names rpm reported as "package NAME is not installed". */
  notInstalled: string[];
}

/** Installed packages by name or NEVRA (every installed version of a name). */
export async function queryInstalledFiles(rpm: RpmInvocation, names: readonly string[]): Promise<InstalledFiles> {
  if (names.length === 0) return { packages: [], notInstalled: [] };
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-q', '--qf', FILE_ATTRS_FORMAT, '--', ...names], { providedBy: 'rpm' });
  const dbError = r.stderr.split('\n').find((l) => /^error: .*(db|database|rpmdb)/i.test(l));
  if (dbError) throw new SaferpmError(`rpm cannot open its database: ${dbError.slice(7)}`, EXIT.UNAVAILABLE, "check --root/--dbpath, or run 'rpm --rebuilddb'");
  const notInstalled = [...r.stdout.matchAll(/^package (.+) is not installed$/gm)].map((m) => m[1] as string);
  return { packages: parseFileAttrs(r.stdout, 'rpm -q'), notInstalled };
}

/** Headers of package files, in the order given. One rpm process. */
export async function queryPackageFileAttrs(rpm: RpmInvocation, files: readonly string[]): Promise<HeaderFiles[]> {
  if (files.length === 0) return [];
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-qp', '--qf', FILE_ATTRS_FORMAT, '--', ...files], { providedBy: 'rpm' });
  const packages = parseFileAttrs(r.stdout, 'rpm -qp');
  if (r.exitCode !== 0 || packages.length !== files.length) {
    const why = r.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? `rpm exited with ${r.exitCode}`;
    throw new SaferpmError(`rpm could not read the package headers: ${why}`, EXIT.DATAERR, 'check the package files');
  }
  return packages;
}
