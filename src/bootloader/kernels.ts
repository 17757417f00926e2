/**
 * Installed kernel versions (uname -r strings) from a root's file system,
 * until the rpm database classification is wired in: a version is installed
 * when /lib/modules/<v> (or /usr/lib/modules/<v>) holds the package's files
 * (modules.dep, or the image itself as on Fedora/RHEL, where kernel-core
 * ships /lib/modules/<v>/vmlinuz), or when /boot/vmlinuz-<v> exists. An empty
 * /lib/modules/<v> left behind after an erase does not count. Versions are
 * ordered with rpm's comparison of the version string, newest last.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { resolveInRoot, statRooted } from '../fs/rooted.js';
import { compareEvrStrings } from '../rpm/evr.js';
import { isRescueVersion, versionFromKernelPath } from './model.js';

const MODULE_DIRS = ['/lib/modules', '/usr/lib/modules'];
const MARKERS = ['modules.dep', 'vmlinuz'];

async function list(root: string, dir: string): Promise<string[]> {
  try {
    return await readdir(await resolveInRoot(root, dir));
  } catch {
    return [];
  }
}

async function hasKernelFiles(root: string, dir: string): Promise<boolean> {
  for (const m of MARKERS) if ((await statRooted(root, `${dir}/${m}`))?.isFile()) return true;
  return false;
}

export async function installedKernels(root: string): Promise<string[]> {
  const found = new Set<string>();
  for (const name of await list(root, '/boot')) {
    const v = versionFromKernelPath(name);
    if (v !== undefined && !isRescueVersion(v) && name.startsWith('vmlinuz-')) found.add(v);
  }
  for (const dir of MODULE_DIRS) {
    for (const v of await list(root, dir)) {
      if (!found.has(v) && (await hasKernelFiles(root, `${dir}/${v}`))) found.add(v);
    }
  }
  return sortKernels([...found]);
}

/** Oldest first, as rpm orders them (the string is read as version-release). */
export function sortKernels(versions: string[]): string[] {
  return [...versions].sort(compareEvrStrings);
}

/** uname -r of the running kernel, only when the root is the running system. */
export function runningKernelOf(root: string): string | undefined {
  return root === '/' ? os.release() : undefined;
}
