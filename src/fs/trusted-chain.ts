/**
 * Whether a path is root's alone: saferpm runs as root and acts on what it
 * finds there (package files it installs, a plan naming commands, a dnf.conf
 * deciding what is install-only, a prefix it writes an rpm shim into). Another
 * user who can replace any folder on the way can replace what is at the end.
 *
 * The check walks every component from the host's / down to the path, the
 * root's own host path included, with lstat(2):
 *  - each folder and the path itself must be owned by root (saferpm's uid)
 *    and not writable by group or others; a folder with the sticky bit
 *    (/tmp, mode 1777) is accepted as a parent only: others cannot rename or
 *    remove root's entries in it (sticky bit, inode(7)), but can add their own;
 *  - a symlink on the way must itself be owned by root (others cannot make a
 *    root-owned link), and is followed inside the root for paths in a root.
 * It returns the first reason found, naming the component and what to do.
 */
import { lstat, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';

const MAX_LINKS = 40;

export interface TrustOptions {
  /** Owners accepted besides root (saferpm's effective uid); e.g. none. */
  owners?: readonly number[];
}

/** Why the host path `p` (absolute) is not root's alone, or undefined. */
export async function untrustedHostPath(p: string, o: TrustOptions = {}): Promise<string | undefined> {
  return (await walkChain('/', p, o)).reason;
}

/** Why the host folder `dir` (absolute) cannot be trusted as the folder of files root acts on; a root-owned sticky folder can. */
export async function untrustedHostFolder(dir: string, o: TrustOptions = {}): Promise<string | undefined> {
  return (await walkChain('/', dir, o, true)).reason;
}

/** Why a file lstat(2)'ed is not root's alone (owner, mode), or undefined. */
export function untrustedFileStat(file: string, st: Stats, o: TrustOptions = {}): string | undefined {
  if (!st.isFile()) return `${file} is not a regular file`;
  if (!owners(o).includes(st.uid)) return `${file} is owned by uid ${st.uid}, not by root`;
  if ((st.mode & 0o022) !== 0) return `${file} is writable by group or others (mode ${(st.mode & 0o7777).toString(8)})`;
  return undefined;
}

/**
 * Why the path `p` inside `root` is not root's alone (the root's own host
 * folders included), or undefined; `host` is where it resolved to.
 */
export async function untrustedRootedPath(root: string, p: string, o: TrustOptions = {}): Promise<ChainResult> {
  const top = await walkChain('/', path.resolve(root), o, true);
  if (top.reason) return top;
  return walkChain(top.host, '/' + p, o);
}

export interface ChainResult {
  /** Where the path resolved to on the host (as far as it exists). */
  host: string;
  reason?: string;
  /** The reason is that a component does not exist. */
  missing?: boolean;
  /** The reason is about the path itself, not a folder or link above it. */
  last?: boolean;
}

function owners(o: TrustOptions): number[] {
  return [0, process.geteuid?.() ?? 0, ...(o.owners ?? [])];
}

/** Walk `p` below `base` (links resolved inside `base`); `asParent` treats the last component as a parent too. */
async function walkChain(base: string, p: string, o: TrustOptions, asParent = false): Promise<ChainResult> {
  const pending = p.split('/').filter((s) => s !== '' && s !== '.');
  const done: string[] = [];
  let links = 0;
  const first = await check(base, await lstat(base), base === '/' || pending.length > 0, o);
  if (first) return { host: base, reason: first };
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '..') {
      done.pop();
      continue;
    }
    const here = path.join(base, ...done, part);
    let st: Stats;
    try {
      st = await lstat(here);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const host = path.join(base, ...done, part, ...pending);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { host, reason: `${here} does not exist`, missing: true };
      return { host, reason: `${here}: ${code ?? String(e)}` };
    }
    if (st.isSymbolicLink()) {
      if (!owners(o).includes(st.uid)) return { host: here, reason: `${here} is a symbolic link owned by uid ${st.uid}, not by root; check who made it, and replace it with what it should be` };
      if (++links > MAX_LINKS) return { host: here, reason: `${here}: too many levels of symbolic links` };
      const target = await readlink(here);
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
      continue;
    }
    const parent = pending.length > 0 || asParent;
    const reason = await check(here, st, parent, o);
    if (reason) return { host: here, reason, ...(parent ? {} : { last: true }) };
    done.push(part);
  }
  return { host: path.join(base, ...done) };
}

async function check(here: string, st: Stats, parent: boolean, o: TrustOptions): Promise<string | undefined> {
  if (!owners(o).includes(st.uid)) return `${here} is owned by uid ${st.uid}, not by root; 'chown root: ${here}' once you have checked it`;
  const writable = (st.mode & 0o022) !== 0;
  const sticky = (st.mode & 0o1000) !== 0 && st.isDirectory();
  if (writable && !(parent && sticky)) return `${here} is writable by group or others (mode ${(st.mode & 0o7777).toString(8)}); 'chmod go-w ${here}' once you have checked it`;
  return undefined;
}
