/**
 * What is at a path where the shim goes (or is found on PATH): nothing, the
 * shim (with what it recorded), or someone else's file. Reads only.
 */
import { accessSync, closeSync, constants, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { parseShim, type ShimSpec } from './script.js';

export type Found =
  | { kind: 'absent' }
  | { kind: 'shim'; spec: ShimSpec; text: string; stat: Stats }
  | { kind: 'other'; stat: Stats };

/** The first bytes of a file (enough for the shim's header), or '' when unreadable. */
export function readHead(file: string, bytes = 2048, follow = false): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (follow ? 0 : constants.O_NOFOLLOW));
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** lstat, not stat: a symlink at the target is someone else's file, never followed. */
export function inspectTarget(file: string): Found {
  let stat: Stats;
  try {
    stat = lstatSync(file);
  } catch {
    return { kind: 'absent' };
  }
  if (!stat.isFile()) return { kind: 'other', stat };
  const text = readHead(file, 64 * 1024);
  const spec = parseShim(text);
  return spec ? { kind: 'shim', spec, text, stat } : { kind: 'other', stat };
}

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable 'rpm' on a PATH, as execvp(3) would find it (an empty entry is the current folder). */
export function rpmOnPath(pathEnv: string, cwd = process.cwd()): string | undefined {
  for (const entry of pathEnv.split(':')) {
    const file = path.resolve(cwd, entry || '.', 'rpm');
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

/**
 * When the rpm found on PATH is saferpm's shim, the real rpm it records.
 * saferpm itself must call that one: through the shim, its own rpm -U would
 * come back to saferpm and wait for its own lock (src/context.ts rpmBinary).
 */
export function realRpmBehindShim(pathEnv = process.env.PATH ?? ''): string | undefined {
  const first = rpmOnPath(pathEnv);
  return first ? parseShim(readHead(first, 2048, true))?.realRpm : undefined;
}
