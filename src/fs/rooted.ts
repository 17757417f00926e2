/**
 * Reading files of a root that may not be '/': a chroot, an --installroot, a
 * mounted rescue image. Symlinks are resolved inside the root, the way the
 * kernel would resolve them after chroot(2): an absolute link target such as
 * /etc/yum.conf -> /etc/dnf/dnf.conf stays under the root and never reaches the
 * host's own files.
 */
import { lstat, readlink, readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';

const MAX_LINKS = 40; // the kernel's own limit (MAXSYMLINKS) for one lookup

export class RootedPathError extends Error {
  constructor(readonly rootedPath: string, readonly code: 'ELOOP' | 'ENOTDIR', message: string) {
    super(`${rootedPath}: ${message}`);
  }
}

/** Join an absolute path onto the root without following anything. */
export function joinRoot(root: string, p: string): string {
  const normal = path.posix.normalize('/' + p);
  return root === '/' ? normal : path.join(root, normal);
}

/**
 * The host path of `p` as seen from inside `root`, following symlinks inside
 * the root. Missing components are allowed (the result then names a file that
 * does not exist), so callers can stat or read it and handle ENOENT.
 */
export async function resolveInRoot(root: string, p: string): Promise<string> {
  if (root === '/') return path.posix.normalize('/' + p);
  const pending = path.posix.normalize('/' + p).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      done.pop(); // '..' at the top of the root stays at the root, as after chroot
      continue;
    }
    const here = path.join(root, ...done, part);
    let st: Stats;
    try {
      st = await lstat(here);
    } catch {
      return path.join(root, ...done, part, ...pending);
    }
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw new RootedPathError(p, 'ELOOP', 'too many levels of symbolic links');
      const target = await readlink(here);
      const targetParts = target.split('/').filter(Boolean);
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...targetParts);
      continue;
    }
    if (pending.length > 0 && !st.isDirectory()) {
      throw new RootedPathError(p, 'ENOTDIR', `${path.join('/', ...done, part)} is not a directory`);
    }
    done.push(part);
  }
  return path.join(root, ...done);
}

/** The file's bytes, or undefined when it does not exist. */
export async function readRooted(root: string, p: string): Promise<Buffer | undefined> {
  try {
    return await readFile(await resolveInRoot(root, p));
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

export async function readRootedText(root: string, p: string): Promise<string | undefined> {
  const data = await readRooted(root, p);
  return data?.toString('utf8');
}

/** stat(2) of a path inside the root, following links inside it; undefined when missing. */
export async function statRooted(root: string, p: string): Promise<Stats | undefined> {
  try {
    return await stat(await resolveInRoot(root, p));
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || e instanceof RootedPathError;
}
