/**
 * The one place a dnf or yum configuration file (dnf.conf, yum.conf, a .repo
 * file, a plugin's .conf) is read, inside a root or on the host (root '/').
 * Its text, or undefined when the file does not exist or is a folder: dnf
 * goes on without a missing configuration file, and so does saferpm.
 */
import { readRootedText } from '../fs/rooted.js';

export async function readConfigFile(root: string, file: string): Promise<string | undefined> {
  try {
    return await readRootedText(root, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}
