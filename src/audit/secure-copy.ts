/**
 * Copying files between a root and saferpm's backup folder without ever
 * following a symlink that someone planted: sources are opened with O_NOFOLLOW
 * (and O_NONBLOCK, so a FIFO swapped in cannot hang the run) and checked to be
 * the regular file that was lstat'ed; copies are created with
 * O_CREAT|O_EXCL|O_NOFOLLOW (an existing entry of any kind makes the copy
 * fail, it is never written through), mode 0600, and fsync'ed.
 */
import { constants, promises as fsp, type Stats } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import { resolveInRoot } from '../fs/rooted.js';
import { ensureSecureDir } from '../state/dirs.js';
import type { FileMeta } from './manifest.js';

const CHUNK = 1 << 20;
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** rpm's digest algorithm ids (PGPHASHALGO_*, include/rpm/rpmpgp.h) as node:crypto names. */
const DIGEST_NAMES: Record<number, string> = { 1: 'md5', 2: 'sha1', 8: 'sha256', 9: 'sha384', 10: 'sha512', 11: 'sha224' };

export function digestName(rpmAlgo: number): string | undefined {
  return DIGEST_NAMES[rpmAlgo];
}

export interface Located {
  /** Host path of the entry itself (parents resolved inside the root, the last component not followed). */
  host: string;
  /** lstat(2) of it; undefined when it does not exist. */
  st?: Stats;
}

export async function locateInRoot(root: string, p: string): Promise<Located> {
  const host = path.join(await resolveInRoot(root, path.posix.dirname(p)), path.posix.basename(p));
  try {
    return { host, st: await fsp.lstat(host) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { host };
    throw e;
  }
}

export function metaOf(st: Stats): FileMeta {
  return { mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs };
}

export interface CopyResult {
  /** Hex digests, sha256 always, plus any extra algorithm asked for. */
  digests: Record<string, string>;
  meta: FileMeta;
}

/**
 * Copy a regular file to `dest` (which must not exist), keeping its access and
 * modification times; the copy is 0600, the original's mode and owner are the
 * caller's to record, or to apply in `finish` (run on the new file's handle
 * before fsync).
 */
export async function copyRegularFile(
  src: string,
  dest: string,
  expected: Stats | undefined,
  algos: string[] = [],
  finish?: (out: fsp.FileHandle, result: CopyResult) => Promise<void>,
): Promise<CopyResult> {
  const input = await fsp.open(src, READ_FLAGS);
  try {
    const st = await input.stat();
    if (!st.isFile() || (expected && (st.ino !== expected.ino || st.dev !== expected.dev))) {
      throw Object.assign(new Error(`${src} changed while being copied`), { code: 'ESTALE' });
    }
    const output = await fsp.open(dest, CREATE_FLAGS, 0o600);
    try {
      const result = { digests: await pump(input, output, ['sha256', ...algos]), meta: metaOf(st) };
      await output.utimes(st.atime, st.mtime);
      await finish?.(output, result);
      await output.sync();
      return result;
    } catch (e) {
      await output.close().catch(() => undefined);
      await fsp.unlink(dest).catch(() => undefined);
      throw e;
    } finally {
      await output.close().catch(() => undefined);
    }
  } finally {
    await input.close();
  }
}

async function pump(input: fsp.FileHandle, output: fsp.FileHandle | undefined, algos: string[]): Promise<Record<string, string>> {
  const hashes: [string, Hash][] = [...new Set(algos)].map((a) => [a, createHash(a)]);
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const { bytesRead } = await input.read(buf, 0, CHUNK, null);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    for (const [, h] of hashes) h.update(chunk);
    if (output) await output.write(chunk);
  }
  return Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')]));
}

/** Digests of a regular file, opened without following a symlink; undefined when missing or not a regular file. */
export async function hashFile(file: string, algos: string[] = ['sha256']): Promise<Record<string, string> | undefined> {
  let input: fsp.FileHandle;
  try {
    input = await fsp.open(file, READ_FLAGS);
  } catch {
    return undefined;
  }
  try {
    if (!(await input.stat()).isFile()) return undefined;
    return await pump(input, undefined, algos);
  } finally {
    await input.close();
  }
}

/** Create base/a/b/... for a relative path's parents, each checked like the state folder (0700, not a link). */
export async function ensureSecureParents(base: string, rel: string, made = new Set<string>()): Promise<void> {
  const parts = path.posix.dirname(rel).split('/').filter((p) => p !== '' && p !== '.');
  let dir = base;
  for (const part of parts) {
    dir = path.join(dir, part);
    if (made.has(dir)) continue;
    await ensureSecureDir(dir);
    made.add(dir);
  }
}

/** A path inside the root that is safe to mirror under the backup folder: absolute, no '.', '..' or empty parts. */
export function isPlainAbsolute(p: string): boolean {
  if (!p.startsWith('/') || p.includes('\0')) return false;
  return p.slice(1).split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
