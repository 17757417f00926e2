/**
 * Writing saferpm's own files (run records, notes, backups' manifests) so that
 * a reader only ever sees the old file or the new one, and so that a symlink or
 * hard link planted by another user cannot redirect the write: the temporary
 * file is created exclusively with O_NOFOLLOW in a folder saferpm checked, and
 * rename(2) replaces the directory entry itself, never what a link points to.
 */
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { StateError } from '../errors.js';
import { injectFault } from './faults.js';

export interface AtomicWriteOptions {
  mode?: number;
}

const TEMP_MARK = '.tmp-';

/** Temporary files of an interrupted write are named like this; readers skip them. */
export function isTempName(name: string): boolean {
  return name.includes(TEMP_MARK);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temp, flags, options.mode ?? 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await injectFault('before-rename', target);
    await fsp.rename(temp, target);
    await syncDir(dir);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fsp.unlink(temp).catch(() => undefined);
    if (e instanceof StateError) throw e;
    throw new StateError(target, `cannot write: ${describeFsError(e)}`, errnoExit(e));
  }
}

/** Make the rename durable: fsync the folder that holds the new entry. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOSPC': return 'no space left on the file system';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ELOOP': return 'a symbolic link is in the way (refused to follow it)';
    case 'EEXIST': return 'already exists';
    default: return err?.message ?? String(e);
  }
}

function errnoExit(e: unknown): number {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' ? 74 : 73;
}
