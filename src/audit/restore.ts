/**
 * Putting backed-up configuration files back. Every copy to be used is checked
 * against the SHA-256 in the manifest before anything is written: a backup
 * that was damaged or altered is refused as a whole. Each file is restored
 * atomically (a temporary file in the same folder, owner, mode and times set,
 * fsync, rename(2)), and a current file with other content is first copied
 * into the backup folder (before-restore/<time>/...), so a restore can itself
 * be undone.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { EXIT, StateError, UsageError } from '../errors.js';
import { describeFsError } from '../state/atomic.js';
import { MissingDirError, openDirInRoot, type DirHandle } from '../fs/dir-walk.js';
import { ensureSecureDir } from '../state/dirs.js';
import { readManifest, type BackupEntry } from './manifest.js';
import { copyRegularFile, ensureSecureParents, hashFile } from './secure-copy.js';

export interface RestoreOptions {
  root: string;
  /** The backup folder (runs/<id>/config-backup). */
  dir: string;
  /** Paths inside the root; all backed-up files when absent or empty. */
  files?: string[];
  /** Verify and say what would be done, change nothing. */
  dryRun?: boolean;
}

export type RestoreAction = 'restored' | 'would-restore' | 'already-current' | 'skipped';

export interface RestoreResult {
  path: string;
  action: RestoreAction;
  reason?: string;
  /** Host path where the file it replaced was saved. */
  previous?: string;
}

export async function restoreFromBackup(opts: RestoreOptions): Promise<RestoreResult[]> {
  const manifest = await readManifest(opts.dir);
  const entries = select(manifest.files, opts.files ?? []);
  for (const e of entries) if (e.kind === 'file') await verifyCopy(opts.dir, e);
  for (const e of entries) await checkParents(opts.root, e); // every refusal before any write
  const aside = path.join(opts.dir, 'before-restore', new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'));
  const results: RestoreResult[] = [];
  for (const e of entries) results.push(await restoreOne(opts, e, aside));
  return results;
}

function select(files: BackupEntry[], wanted: string[]): BackupEntry[] {
  if (wanted.length === 0) return files;
  return wanted.map((w) => {
    const p = path.posix.normalize(w);
    const e = files.find((f) => f.path === p);
    if (!e) {
      const list = files.slice(0, 6).map((f) => f.path).join(', ');
      throw new UsageError(`${w} is not in this backup (it holds ${files.length} files: ${list}${files.length > 6 ? ', ...' : ''})`, 'give paths as seen inside the root, e.g. /etc/ssh/sshd_config');
    }
    return e;
  });
}

async function verifyCopy(dir: string, e: BackupEntry): Promise<void> {
  const copy = path.join(dir, e.copy ?? '');
  const found = e.copy ? (await hashFile(copy))?.sha256 : undefined;
  if (found === e.sha256 && found !== undefined) return;
  const why = found === undefined ? 'the copy is missing or not a regular file' : `its SHA-256 is ${found.slice(0, 16)}..., the manifest says ${String(e.sha256).slice(0, 16)}...`;
  throw new StateError(copy, `backup of ${e.path} does not verify (${why}); refusing to restore from a damaged or altered backup`, EXIT.DATAERR, 'nothing was restored; check the backup folder, or restore the file by hand');
}

async function restoreOne(opts: RestoreOptions, e: BackupEntry, aside: string): Promise<RestoreResult> {
  if (e.kind !== 'file' && e.kind !== 'symlink') {
    return { path: e.path, action: 'skipped', reason: e.kind === 'missing' ? 'it did not exist before the run' : 'not a regular file or link; only recorded' };
  }
  // The parent folder is opened component by component without following a
  // link another user made (src/fs/dir-walk.ts); every later step names the
  // file relative to that open folder, so swapping a parent for a symlink
  // after this point changes nothing.
  const dir = await openDirInRoot(opts.root, path.posix.dirname(e.path), { create: !opts.dryRun }).catch((err: unknown) => {
    if (opts.dryRun && err instanceof MissingDirError) return undefined;
    throw err;
  });
  try {
    const host = dir?.at(path.posix.basename(e.path));
    const st = host === undefined ? undefined : await fsp.lstat(host).catch(() => undefined);
    if (host !== undefined && (await isCurrent(host, st, e))) return { path: e.path, action: 'already-current' };
    if (st?.isDirectory()) return { path: e.path, action: 'skipped', reason: 'a directory is in its place now' };
    if (opts.dryRun || !dir || host === undefined) return { path: e.path, action: 'would-restore' };
    const result: RestoreResult = { path: e.path, action: 'restored' };
    try {
      if (st?.isFile()) result.previous = await saveAside(host, st, aside, e.path);
      await (e.kind === 'file' ? putFile(path.join(opts.dir, e.copy as string), dir, e) : putLink(dir, path.posix.basename(e.path), e.linkTarget as string));
    } catch (err) {
      if (err instanceof StateError) throw err;
      throw new StateError(e.path, `cannot restore: ${describeFsError(err)}`, EXIT.CANTCREAT, 'run saferpm restore as root; files already restored are listed above');
    }
    return result;
  } finally {
    await dir?.close();
  }
}

/** Refuse a file whose parent chain holds a link saferpm will not follow; a missing folder is fine (created later). */
async function checkParents(root: string, e: BackupEntry): Promise<void> {
  if (e.kind !== 'file' && e.kind !== 'symlink') return;
  try {
    await (await openDirInRoot(root, path.posix.dirname(e.path))).close();
  } catch (err) {
    if (err instanceof MissingDirError) return;
    if (err instanceof StateError) throw new StateError(err.path, `${err.message.slice(err.path.length + 2)}; nothing was restored`, err.exitCode, err.hint);
    throw err;
  }
}

async function isCurrent(host: string, st: Stats | undefined, e: BackupEntry): Promise<boolean> {
  if (!st || !e.meta) return false;
  if (e.kind === 'symlink') return st.isSymbolicLink() && (await fsp.readlink(host)) === e.linkTarget;
  if (!st.isFile() || st.mode !== e.meta.mode || st.uid !== e.meta.uid || st.gid !== e.meta.gid) return false;
  return (await hashFile(host))?.sha256 === e.sha256;
}

async function saveAside(host: string, st: Stats, aside: string, p: string): Promise<string> {
  await ensureSecureDir(path.dirname(aside));
  await ensureSecureDir(aside);
  await ensureSecureParents(aside, p);
  const dest = path.join(aside, p);
  await copyRegularFile(host, dest, st);
  return dest;
}

/** Write the copy next to the target, apply owner, mode and times, then rename over it. */
async function putFile(copy: string, dir: DirHandle, e: BackupEntry): Promise<void> {
  const meta = e.meta as NonNullable<BackupEntry['meta']>;
  const target = dir.at(path.posix.basename(e.path));
  const temp = dir.at(tempName(path.posix.basename(e.path)));
  try {
    await copyRegularFile(copy, temp, undefined, [], async (out, r) => {
      if (r.digests.sha256 !== e.sha256) throw new StateError(copy, 'changed while being restored; refusing', EXIT.DATAERR);
      await out.chown(meta.uid, meta.gid); // before chmod: chown(2) clears the setuid/setgid bits
      await out.chmod(meta.mode & 0o7777);
      await out.utimes(new Date(meta.atimeMs), new Date(meta.mtimeMs));
    });
    await fsp.rename(temp, target);
    await dir.sync();
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function putLink(dir: DirHandle, name: string, linkTarget: string): Promise<void> {
  const temp = dir.at(tempName(name));
  await fsp.symlink(linkTarget, temp);
  try {
    await fsp.rename(temp, dir.at(name));
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined);
    throw err;
  }
  await dir.sync();
}

function tempName(name: string): string {
  return `.${name}.saferpm-restore-${randomBytes(4).toString('hex')}`;
}
