/**
 * Before the transaction: copy every %config file of the installed packages
 * about to be upgraded or erased, and every other file of theirs that rpm -V
 * found edited (rpm overwrites those without an .rpmsave), into the run's backup folder (readable by
 * root only), with a SHA-256 manifest. Which files are %config comes from the
 * rpm database (FILEFLAGS & RPMFILE_CONFIG, lib/rpmfiles.h), in one rpm
 * process. Anything that stops the backup from completing is a StateError:
 * the run must stop before rpm changes anything.
 */
import { readlink, statfs } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, StateError } from '../errors.js';
import { describeFsError } from '../state/atomic.js';
import { ensureSecureDir } from '../state/dirs.js';
import type { RpmInvocation } from '../rpm/query.js';
import { RPMFILE_CONFIG, RPMFILE_GHOST, RPMFILE_NOREPLACE } from '../rpm/package.js';
import { COPIES_DIR, MANIFEST_SCHEMA, writeManifest, type BackupEntry, type BackupManifest } from './manifest.js';
import type { HeaderFile, HeaderFiles } from './parse-file-attrs.js';
import { queryInstalledFiles, type InstalledFiles } from './query-file-attrs.js';
import { copyRegularFile, digestName, ensureSecureParents, hashFile, isPlainAbsolute, locateInRoot, metaOf, type Located } from './secure-copy.js';

export interface BackupOptions {
  root: string;
  rpm: RpmInvocation;
  /** Installed package names (or NEVRAs) about to be upgraded or erased. */
  packages: string[];
  /** The run's backup folder, e.g. ROOT/var/lib/saferpm/runs/<id>/config-backup; created here, 0700. */
  dir: string;
  /** The packages' files, when already read from the database for this moment (saves an rpm process). */
  installed?: Promise<InstalledFiles>;
  /** Files of these packages that are not %config but are saved too (edited ones, found by rpm -V). */
  alsoFiles?: readonly string[];
}

interface Planned {
  file: HeaderFile;
  owner: HeaderFiles;
  at: Located;
}

export async function backupConfigFiles(opts: BackupOptions): Promise<BackupManifest> {
  await ensureSecureDir(opts.dir);
  const installed = await (opts.installed ?? queryInstalledFiles(opts.rpm, opts.packages));
  const planned = await locateAll(opts.root, configFilesOf(installed.packages, new Set(opts.alsoFiles ?? [])));
  await checkSpace(opts.dir, planned);
  const copies = path.join(opts.dir, COPIES_DIR);
  await ensureSecureDir(copies);
  const made = new Set<string>();
  const files = await inBatches(planned, COPY_BATCH, (p) => backupOne(opts.root, copies, p, made));
  const manifest: BackupManifest = {
    schema: MANIFEST_SCHEMA,
    createdAt: new Date().toISOString(),
    root: opts.root,
    dir: opts.dir,
    packages: installed.packages.map((p) => p.nevra),
    names: [...new Set(installed.packages.map((p) => p.name))],
    notInstalled: installed.notInstalled,
    files,
  };
  await writeManifest(manifest);
  return manifest;
}

/** %config files (and `also`), once each (a file shared by two packages belongs to the first). */
function configFilesOf(packages: HeaderFiles[], also: ReadonlySet<string>): { file: HeaderFile; owner: HeaderFiles }[] {
  const seen = new Set<string>();
  const out: { file: HeaderFile; owner: HeaderFiles }[] = [];
  for (const owner of packages) {
    for (const file of owner.files) {
      if (((file.flags & RPMFILE_CONFIG) === 0 && !also.has(file.path)) || seen.has(file.path)) continue;
      if (!isPlainAbsolute(file.path)) throw new StateError(file.path, `cannot back up: the rpm database names an unusual path (owned by ${owner.nevra})`);
      seen.add(file.path);
      out.push({ file, owner });
    }
  }
  return out;
}

async function locateAll(root: string, files: { file: HeaderFile; owner: HeaderFiles }[]): Promise<Planned[]> {
  return Promise.all(files.map(async (f) => {
    try {
      return { ...f, at: await locateInRoot(root, f.file.path) };
    } catch (e) {
      throw new StateError(f.file.path, `cannot back up: ${describeFsError(e)}`, EXIT.CANTCREAT, 'fix the file, or leave its package out of this run');
    }
  }));
}

/** Fail early, with numbers, when the copies cannot fit (statfs(2) of the backup folder). */
async function checkSpace(dir: string, planned: Planned[]): Promise<void> {
  const need = planned.reduce((n, p) => n + (p.at.st?.isFile() ? p.at.st.size : 0), 0);
  const fs = await statfs(dir).catch(() => undefined);
  if (!fs) return;
  const free = fs.bavail * fs.bsize;
  if (need > free) {
    throw new StateError(dir, `not enough space for the configuration backup: needs ${need} bytes, ${free} free`, EXIT.IOERR, 'free space under /var/lib/saferpm, then run again');
  }
}

async function backupOne(root: string, copies: string, p: Planned, made: Set<string>): Promise<BackupEntry> {
  const entry: BackupEntry = {
    path: p.file.path,
    package: p.owner.nevra,
    noreplace: (p.file.flags & RPMFILE_NOREPLACE) !== 0,
    ghost: (p.file.flags & RPMFILE_GHOST) !== 0,
    kind: 'missing',
    siblings: await siblingDigests(root, p.file.path),
  };
  if ((p.file.flags & RPMFILE_CONFIG) === 0) entry.notConfig = true;
  const st = p.at.st;
  if (!st) return entry;
  entry.meta = metaOf(st);
  if (st.isSymbolicLink()) return { ...entry, kind: 'symlink', linkTarget: await readLinkOrFail(p.at.host, p.file.path) };
  if (!st.isFile()) return { ...entry, kind: 'other' };
  const rel = path.posix.join(COPIES_DIR, p.file.path);
  const algo = digestName(p.owner.digestAlgo);
  try {
    await ensureSecureParents(copies, p.file.path, made);
    const r = await copyRegularFile(p.at.host, path.join(copies, p.file.path), st, algo ? [algo] : []);
    entry.meta = r.meta;
    entry.sha256 = r.digests.sha256 as string;
    if (algo && p.file.digest) entry.locallyModified = r.digests[algo] !== p.file.digest;
  } catch (e) {
    if (e instanceof StateError) throw e;
    throw new StateError(p.file.path, `cannot back up to ${path.join(copies, p.file.path)}: ${describeFsError(e)}`, errnoExit(e), 'nothing was changed; free space or fix the backup folder, then run again');
  }
  return { ...entry, kind: 'file', copy: rel };
}

async function readLinkOrFail(host: string, p: string): Promise<string> {
  try {
    return await readlink(host);
  } catch (e) {
    throw new StateError(p, `cannot back up the symbolic link: ${describeFsError(e)}`);
  }
}

/** .rpmnew/.rpmsave that already exist, so the report can tell which ones this run made. */
async function siblingDigests(root: string, p: string): Promise<BackupEntry['siblings']> {
  const out: BackupEntry['siblings'] = {};
  for (const suffix of ['rpmnew', 'rpmsave'] as const) {
    const at = await locateInRoot(root, `${p}.${suffix}`).catch(() => undefined);
    if (!at?.st) continue;
    out[suffix] = at.st.isFile() ? ((await hashFile(at.host))?.sha256 ?? 'unreadable') : 'not-a-file';
  }
  return out;
}

/** A few copies at a time: each one ends in an fsync, which is what costs. */
const COPY_BATCH = 8;

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

function errnoExit(e: unknown): number {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' ? EXIT.IOERR : EXIT.CANTCREAT;
}
