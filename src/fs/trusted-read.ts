/**
 * Reading a file under a root that tells root what to do (the patch plan names
 * commands saferpm runs; dnf.conf and yum.conf decide which packages are
 * install-only). Another user who can change such a file, or swap it or any
 * folder above it, can steer root. So:
 *  1. every folder from the host's / down to the file, and every symlink on
 *     the way, must be root's alone (src/fs/trusted-chain.ts); then nobody
 *     else can rename anything on the path between the check and the open;
 *  2. the file is opened once, O_NOFOLLOW|O_NONBLOCK (a FIFO cannot hang the
 *     run), and the OPEN descriptor is checked with fstat(2): a regular file,
 *     owned by root, not writable by group or others, the same inode the walk
 *     saw; its text is read from that descriptor.
 * As sudo refuses a sudoers file others can write (sudoers(5), "sudoers file
 * ... is world writable").
 */
import { constants, promises as fsp } from 'node:fs';
import { PermissionError } from '../errors.js';
import { statRooted } from './rooted.js';
import { untrustedRootedPath } from './trusted-chain.js';

/** Why dnf.conf and yum.conf must be root's: they decide which packages are install-only (kept beside, never replaced). */
export const CONFIG_MATTERS = 'it decides which packages are install-only (kernels), so it must be root\'s alone';

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export interface TrustedText {
  /** Where the file is on the host. */
  host: string;
  text: string;
}

/**
 * The text of `p` inside `root`, or undefined when it does not exist; a
 * PermissionError (77) saying which component another user controls and what
 * to do. `what` says why it matters, e.g. "the plan names commands saferpm runs".
 */
export async function readTrustedFile(root: string, p: string, what: string): Promise<TrustedText | undefined> {
  // nothing there, nothing read (a root others can write but without this file is not refused for it)
  if (!(await statRooted(root, p).catch(() => undefined))) return undefined;
  const chain = await untrustedRootedPath(root, p);
  if (chain.missing) return undefined;
  if (chain.reason && !chain.last) throw new PermissionError(`${p}: not used: ${chain.reason.split('; ')[0]}; ${what}`, chain.reason.split('; ')[1]);
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(chain.host, READ_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new PermissionError(`${chain.host}: cannot be opened safely (${code ?? String(e)}); ${what}`);
  }
  try {
    const st = await fh.stat();
    const uid = process.geteuid?.() ?? 0;
    if (!st.isFile()) throw new PermissionError(`${chain.host}: is not a regular file; ${what}`);
    if (st.uid !== 0 && st.uid !== uid) throw new PermissionError(`${chain.host}: owned by uid ${st.uid}, not by root; ${what}`, `chown root: ${chain.host}`);
    if ((st.mode & 0o022) !== 0) throw new PermissionError(`${chain.host}: writable by group or others (mode ${(st.mode & 0o777).toString(8)}); ${what}`, `chmod 644 ${chain.host}`);
    return { host: chain.host, text: await fh.readFile('utf8') };
  } finally {
    await fh.close();
  }
}
