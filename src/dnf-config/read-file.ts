/**
 * The one place a dnf or yum configuration file (dnf.conf, yum.conf, a .repo
 * file, a plugin's .conf) is read, inside a root or on the host (root '/').
 * Its text, or undefined when the file does not exist or is a folder: dnf
 * goes on without a missing configuration file, and so does saferpm.
 */
import { readRootedText, statRooted } from '../fs/rooted.js';
import { CONFIG_MATTERS, readTrustedFile } from '../fs/trusted-read.js';

export async function readConfigFile(root: string, file: string): Promise<string | undefined> {
  try {
    return await readRootedText(root, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}

/**
 * dnf.conf and yum.conf decide which packages are install-only (kernels): read
 * only when the file and every folder above it are root's alone, opened once
 * without following a link (src/fs/trusted-read.ts). .repo files and -c FILE
 * are read by dnf itself, so they go through readConfigFile.
 */
export async function readMainConfigFile(root: string, file: string): Promise<string | undefined> {
  if ((await statRooted(root, file).catch(() => undefined))?.isDirectory()) return undefined;
  return (await readTrustedFile(root, file, CONFIG_MATTERS))?.text;
}
