/**
 * Opening a folder inside a root one component at a time, the way openat(2)
 * with O_NOFOLLOW would, so that a folder another user owns cannot be swapped
 * for a symlink between saferpm's check and its write. Node has no openat;
 * on Linux, `/proc/self/fd/N/name` looks `name` up in the directory open as
 * descriptor N (proc(5): the fd entry is a magic link to the open file), so
 * each step is an open(2) of one name relative to the previous descriptor,
 * with O_DIRECTORY|O_NOFOLLOW. Everything done "at" the returned handle
 * (create a temporary file, rename it over the target, read the old file)
 * then happens in that very folder, whatever is renamed meanwhile.
 *
 * Symlinks on the way are followed (inside the root) only when their owner is
 * root or the owner of the folder they lead to: rpm's own rule since 4.18
 * (lib/fsm.c, fsmOpenat(), the fix for CVE-2021-35939). A link another user
 * owns that leads to root's folder is refused, with its name and owner.
 */
import { constants, promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { EXIT, StateError } from '../errors.js';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const MAX_LINKS = 40; // the kernel's MAXSYMLINKS

export interface DirHandle {
  /** The folder as seen inside the root, links resolved. */
  rooted: string;
  /** A path naming `name` inside this very folder (through /proc/self/fd). */
  at(name: string): string;
  stat(): Promise<Stats>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface WalkOptions {
  /** Create missing folders (mode 0755, owned by root), as rpm would. */
  create?: boolean;
}

/** Thrown when a component is missing and `create` was not asked for. */
export class MissingDirError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly rooted: string) {
    super(`${rooted}: no such directory`);
  }
}

interface Frame {
  fh: fsp.FileHandle;
  name: string;
}

type Step = string | { linkOwner: number; link: string; target: string };

export async function openDirInRoot(root: string, dir: string, opts: WalkOptions = {}): Promise<DirHandle> {
  const stack: Frame[] = [{ fh: await fsp.open(root, constants.O_RDONLY | constants.O_DIRECTORY), name: '' }];
  try {
    await walk(stack, root, splitPath(dir), opts);
  } catch (e) {
    await Promise.all(stack.map((f) => f.fh.close().catch(() => undefined)));
    throw e;
  }
  const top = stack[stack.length - 1] as Frame;
  for (const f of stack.slice(0, -1)) await f.fh.close();
  const rooted = '/' + stack.map((f) => f.name).filter(Boolean).join('/');
  return {
    rooted,
    at: (name) => `/proc/self/fd/${top.fh.fd}/${name}`,
    stat: () => top.fh.stat(),
    sync: () => top.fh.sync().catch(() => undefined),
    close: () => top.fh.close(),
  };
}

async function walk(stack: Frame[], root: string, parts: Step[], opts: WalkOptions): Promise<void> {
  let links = 0;
  const here = () => '/' + stack.map((f) => f.name).filter(Boolean).join('/');
  while (parts.length > 0) {
    const part = parts.shift() as Step;
    if (typeof part !== 'string') {
      await checkLinkOwner((stack[stack.length - 1] as Frame).fh, part);
      continue;
    }
    if (part === '.') continue;
    if (part === '..') {
      if (stack.length > 1) await (stack.pop() as Frame).fh.close(); // '..' at the root stays there, as after chroot
      continue;
    }
    const entry = `/proc/self/fd/${(stack[stack.length - 1] as Frame).fh.fd}/${part}`;
    const rooted = path.posix.join(here(), part);
    let st = await lstatOrUndefined(entry);
    if (!st && opts.create) {
      await fsp.mkdir(entry, { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EEXIST') throw e; });
      st = await lstatOrUndefined(entry);
    }
    if (!st) throw new MissingDirError(rooted);
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw new StateError(rooted, 'too many levels of symbolic links', EXIT.NOPERM);
      const target = await fsp.readlink(entry);
      if (target.startsWith('/')) while (stack.length > 1) await (stack.pop() as Frame).fh.close();
      parts.unshift(...splitPath(target), { linkOwner: st.uid, link: rooted, target });
      continue;
    }
    if (!st.isDirectory()) throw new StateError(rooted, 'is not a directory', EXIT.NOPERM);
    const fh = await fsp.open(entry, DIR_FLAGS).catch((e: NodeJS.ErrnoException) => {
      throw new StateError(rooted, `changed while being opened (${e.code ?? e.message}); refusing to go on`, EXIT.NOPERM, 'check who else writes to its parent folder');
    });
    const now = await fh.stat();
    if (now.ino !== st.ino || now.dev !== st.dev) {
      await fh.close();
      throw new StateError(rooted, 'changed while being opened; refusing to go on', EXIT.NOPERM, 'check who else writes to its parent folder');
    }
    stack.push({ fh, name: part });
  }
}

async function checkLinkOwner(fh: fsp.FileHandle, step: { linkOwner: number; link: string; target: string }): Promise<void> {
  const owner = (await fh.stat()).uid;
  if (step.linkOwner === 0 || step.linkOwner === owner) return;
  throw new StateError(
    step.link,
    `is a symbolic link (to ${step.target}) owned by uid ${step.linkOwner}, and the folder it leads to is owned by uid ${owner}; saferpm does not follow it (neither does rpm)`,
    EXIT.NOPERM,
    `check who made it ('ls -l ${step.link}'); replace it with a real folder, or restore the file by hand`,
  );
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await fsp.lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '');
}
