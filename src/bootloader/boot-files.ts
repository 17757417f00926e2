/**
 * Finding a file the way the boot loader finds it, not the way Linux does.
 *
 * GRUB (and syslinux) read one file system at a time with their own drivers:
 * a path in grub.cfg is looked up on the file system that holds it (the /boot
 * partition when /boot is its own file system, the EFI system partition for
 * /boot/efi, else the root file system). A symbolic link is followed inside
 * that file system only: an absolute target starts again from the top of
 * that file system, not from Linux's "/", and ".." at its top stays there
 * (grub-core/kern/fshelp.c, grub_fshelp_find_file: "if (symlink[0] == '/')
 * restart from the root of the file system"). So /boot/vmlinuz -> /boot/vmlinuz-X
 * on a /boot partition names /boot/boot/vmlinuz-X to GRUB, and a link into
 * /usr never resolves. LILO is different: /sbin/lilo runs under Linux and
 * records the blocks of whatever Linux resolves.
 */
import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { joinRoot, resolveInRoot } from '../fs/rooted.js';
import type { BootLoaderType, BootPrefix } from './model.js';

const MAX_LINKS = 40;

export interface BootFileLookup {
  /** Host path of the file found (it may still not exist: check `exists`). */
  host: string;
  exists: boolean;
  isDirectory?: boolean;
  /** The file reached, as a path inside the root, when symbolic links were followed. */
  target?: string;
  /** Why the boot loader does not find it although Linux might (a link it cannot follow). */
  why?: string;
}

/** The mount point of the file system the boot loader reads `p` from. */
export function fsMountOf(p: string, boot: BootPrefix): '/boot/efi' | '/boot' | '/' {
  if (p === '/boot/efi' || p.startsWith('/boot/efi/')) return '/boot/efi';
  if (boot.prefix === '/boot' && (p === '/boot' || p.startsWith('/boot/'))) return '/boot';
  return '/';
}

/** Whether this boot loader reads files itself (GRUB, syslinux) rather than through Linux (LILO). */
export function readsFilesItself(loader: BootLoaderType): boolean {
  return loader !== 'lilo';
}

/** Look a path (inside the root) up as GRUB does: links followed within its own file system only. */
export async function lookupOnBootFs(root: string, p: string, boot: BootPrefix): Promise<BootFileLookup> {
  const mount = fsMountOf(p, boot);
  const top = joinRoot(root, mount);
  const pending = path.posix.relative(mount, path.posix.normalize(p)).split('/').filter(Boolean);
  const done: string[] = [];
  const links: string[] = [];
  let count = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const here = path.join(top, ...done, part);
    const st = await lstat(here).catch(() => undefined);
    if (!st) return missing(top, mount, [...done, part, ...pending], p, links);
    if (st.isSymbolicLink()) {
      if (++count > MAX_LINKS) return { host: here, exists: false, why: `${p}: too many levels of symbolic links` };
      const target = await readlink(here);
      links.push(`${path.posix.join(mount, ...done, part)} -> ${target}`);
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...target.split('/').filter(Boolean));
      continue;
    }
    if (pending.length > 0 && !st.isDirectory()) return missing(top, mount, [...done, part, ...pending], p, links);
    done.push(part);
  }
  const host = path.join(top, ...done);
  const st = await lstat(host).catch(() => undefined);
  const r: BootFileLookup = { host, exists: st !== undefined, isDirectory: st?.isDirectory() ?? false };
  if (links.length) r.target = path.posix.join(mount, ...done);
  return r;
}

function missing(top: string, mount: string, parts: string[], p: string, links: string[]): BootFileLookup {
  const host = path.join(top, ...parts);
  if (links.length === 0) return { host, exists: false };
  const seen = path.posix.join(mount, ...parts);
  const fs = mount === '/' ? 'the root file system' : `the file system mounted on ${mount}`;
  return {
    host,
    exists: false,
    target: seen,
    why: `${p} is a symbolic link (${links.join(', ')}) that the boot loader cannot follow: it reads only ${fs}, where the link names ${seen}, which does not exist`,
  };
}

/** Linux's view, for LILO: links resolved inside the root as the kernel would after chroot. */
export async function lookupAsLinux(root: string, p: string): Promise<BootFileLookup> {
  const host = await resolveInRoot(root, p).catch(() => joinRoot(root, p));
  const st = await lstat(host).catch(() => undefined);
  const r: BootFileLookup = { host, exists: st !== undefined, isDirectory: st?.isDirectory() ?? false };
  const inRoot = root === '/' ? host : '/' + path.relative(root, host);
  if (inRoot !== path.posix.normalize(p)) r.target = inRoot;
  return r;
}

/**
 * The bytes of a boot file as the boot loader reads them (GRUB's load_env
 * for grubenv): undefined with the reason when it cannot.
 */
export async function readBootFile(root: string, p: string, boot: BootPrefix): Promise<{ data?: Buffer; problem?: string; found: boolean }> {
  const f = await lookupOnBootFs(root, p, boot);
  if (!f.exists) return f.why ? { problem: f.why, found: true } : { found: false };
  if (f.isDirectory) return { problem: `${p} is a directory, not a file: the boot loader cannot read it`, found: true };
  return { data: await readFile(f.host), found: true };
}
