/**
 * Where copies of installed package files may be found under a root: the
 * admin's standby directories first, then the package caches of dnf and yum
 * (they keep downloaded packages when keepcache=1, and until the transaction
 * succeeds otherwise).
 *   dnf 3/4: /var/cache/dnf/<repoid>-<hash>/packages/  (dnf.conf(5) cachedir)
 *   dnf 5:   /var/cache/libdnf5/<repoid>-<hash>/packages/  (dnf5-caching(7))
 *   yum 3:   /var/cache/yum/<basearch>/<releasever>/<repoid>/packages/
 *            (RHEL 6/7 Deployment Guide, "Working with Yum Cache"), and
 *            /var/cache/yum/<repoid>/packages/ on RHEL 5.
 * A cachedir moved in dnf.conf or yum.conf is not followed: name it in the
 * plan's standby_dirs.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { resolveInRoot } from '../../fs/rooted.js';
import { untrustedRootedPath } from '../../fs/trusted-chain.js';

export interface PackageDir {
  /** As seen from inside the root (what the note prints). */
  inRoot: string;
  /** On the host, for reading. */
  host: string;
  /** File names in it. */
  names: string[];
}

/** Cache folders: [top, how many levels of folders down 'packages' sits]. */
const CACHES: readonly [string, number[]][] = [
  ['/var/cache/dnf', [1]],
  ['/var/cache/libdnf5', [1]],
  ['/var/cache/yum', [1, 3]],
];

/** A folder not used because another user could change what is in it. */
export interface RefusedDir {
  inRoot: string;
  reason: string;
}

/**
 * The standby dirs (in order) then the caches, each with its file names;
 * missing ones left out, and those another user could write (the folder or
 * any folder above it, src/fs/trusted-chain.ts) put in `refused`: root
 * installs what an undo finds there, and runs its scriptlets.
 */
export async function packageDirs(root: string, standbyDirs: readonly string[], refused: RefusedDir[] = []): Promise<PackageDir[]> {
  const inRoot = [...standbyDirs];
  for (const [top, depths] of CACHES) {
    for (const depth of depths) inRoot.push(...(await subdirs(root, top, depth)).map((d) => `${d}/packages`));
  }
  const dirs: PackageDir[] = [];
  for (const dir of inRoot) {
    const host = await resolveInRoot(root, dir);
    const names = await listNames(host);
    if (!names) continue;
    const trust = await untrustedRootedPath(root, dir);
    if (trust.reason) refused.push({ inRoot: path.posix.normalize(dir), reason: trust.reason });
    else dirs.push({ inRoot: path.posix.normalize(dir), host: trust.host, names });
  }
  return dirs;
}

/** Folders exactly `depth` levels below `top` (inside the root), sorted. */
async function subdirs(root: string, top: string, depth: number): Promise<string[]> {
  let level = [top];
  for (let i = 0; i < depth; i++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(await resolveInRoot(root, dir), { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory() && e.name !== 'packages') next.push(`${dir}/${e.name}`);
    }
    level = next.sort();
  }
  return level;
}

async function listNames(hostDir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(hostDir)).filter((n) => n.endsWith('.rpm'));
  } catch {
    return undefined;
  }
}
