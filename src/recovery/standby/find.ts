/**
 * "Have the current version on standby": before a run replaces a package,
 * find a copy of the installed version's package file, so that the note can
 * give the exact 'rpm -Uvh --oldpackage FILE' that undoes the run.
 *
 * Candidates are found by file name first (rpm's default %_rpmfilename,
 * NAME-VERSION-RELEASE.ARCH.rpm, which dnf and yum keep in their caches),
 * then any NAME-*.rpm for a package with no such file; every candidate's
 * header is then read in ONE rpm -qp process and must match the installed
 * version exactly (epoch included, which file names do not carry).
 */
import { InputError } from '../../errors.js';
import { nevra } from '../../rpm/package.js';
import { queryPackageFiles, type RpmInvocation } from '../../rpm/query.js';
import type { RpmPackage } from '../../rpm/package.js';
import { hashFile } from '../../audit/secure-copy.js';
import { packageDirs, type PackageDir, type RefusedDir } from './dirs.js';

export interface InstalledVersion {
  name: string;
  epoch: string;
  version: string;
  release: string;
  arch: string;
}

export interface FindStandbyOptions {
  root: string;
  packages: InstalledVersion[];
  /** The plan's standby_dirs (inside the root), searched before the caches. */
  dirs: string[];
  /** How to run rpm; default: 'rpm' with no global options. */
  rpm?: RpmInvocation;
}

interface Candidate {
  key: string;
  inRoot: string;
  host: string;
}

/** At most this many loosely named files (NAME-*.rpm) are checked per package. */
const LOOSE_LIMIT = 16;

/** The map's key for a package: name-[epoch:]version-release.arch (nevra() of src/rpm/package.ts). */
export function standbyKey(p: InstalledVersion): string {
  return nevra(p);
}

/** What a standby copy was when found: checked again before an undo installs it (src/recovery/standby/verify.ts). */
export interface StandbyDigest {
  sha256: string;
  /** The header's name-[epoch:]version-release.arch. */
  nevra: string;
}

export interface StandbyCopies {
  /** For each package (by standbyKey), the path inside the root of a verified copy, or null. */
  found: Map<string, string | null>;
  /** By path inside the root. */
  digests: Record<string, StandbyDigest>;
  /** Folders not searched: another user could change what is in them. */
  refused: RefusedDir[];
}

/** For each package (by standbyKey), the path inside the root of a verified copy, or null. */
export async function findStandby(opts: FindStandbyOptions): Promise<Map<string, string | null>> {
  return (await findStandbyCopies(opts)).found;
}

export async function findStandbyCopies(opts: FindStandbyOptions): Promise<StandbyCopies> {
  const found = new Map<string, string | null>(opts.packages.map((p) => [standbyKey(p), null]));
  const result: StandbyCopies = { found, digests: {}, refused: [] };
  if (opts.packages.length === 0) return result;
  const candidates = findCandidates(opts.packages, await packageDirs(opts.root, opts.dirs, result.refused));
  const headers = await readHeaders(opts.rpm ?? { binary: 'rpm', globalArgs: [] }, candidates);
  const wanted = new Map(opts.packages.map((p) => [standbyKey(p), p]));
  for (const c of candidates) {
    const header = headers.get(c.host);
    const want = wanted.get(c.key);
    if (found.get(c.key) !== null || !header || !want || !sameVersion(header, want)) continue;
    const sha256 = (await hashFile(c.host))?.sha256;
    if (sha256 === undefined) continue;
    found.set(c.key, c.inRoot);
    result.digests[c.inRoot] = { sha256, nevra: nevra(header) };
  }
  return result;
}

/** Exact file names first (in directory order), then loose ones for packages with none. */
function findCandidates(packages: InstalledVersion[], dirs: PackageDir[]): Candidate[] {
  const exact: Candidate[] = [];
  const loose: Candidate[] = [];
  for (const p of packages) {
    const key = standbyKey(p);
    const fileName = `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`;
    const hits = dirs.filter((d) => d.names.includes(fileName)).map((d) => at(d, fileName, key));
    exact.push(...hits);
    if (hits.length > 0) continue;
    const prefix = `${p.name}-${p.version}`;
    const near = dirs.flatMap((d) => d.names.filter((n) => n.startsWith(prefix)).map((n) => at(d, n, key)));
    loose.push(...near.slice(0, LOOSE_LIMIT));
  }
  return [...exact, ...loose];
}

function at(d: PackageDir, name: string, key: string): Candidate {
  return { key, inRoot: `${d.inRoot.replace(/\/$/, '')}/${name}`, host: `${d.host}/${name}` };
}

/**
 * Headers by host path, in one rpm process. A damaged file (a download cut
 * short in the cache) makes rpm fail the whole query; it is dropped and the
 * rest read again, so one bad file costs one more process, not the lot.
 */
async function readHeaders(rpm: RpmInvocation, candidates: Candidate[]): Promise<Map<string, RpmPackage>> {
  let files = [...new Set(candidates.map((c) => c.host))];
  for (let attempt = 0; files.length > 0 && attempt <= candidates.length; attempt++) {
    try {
      const headers = await queryPackageFiles(rpm, files.map((f) => ({ given: f, path: f })));
      return new Map(headers.map((h, i) => [files[i] as string, h]));
    } catch (e) {
      if (!(e instanceof InputError) || !files.includes(e.file)) throw e;
      const bad = e.file;
      files = files.filter((f) => f !== bad);
    }
  }
  return new Map();
}

function sameVersion(h: RpmPackage, p: InstalledVersion): boolean {
  return !h.isSource && h.name === p.name && h.epoch === (p.epoch || '0') && h.version === p.version && h.release === p.release && h.arch === p.arch;
}
