/**
 * saferpm's state folder under the root (ROOT/var/lib/saferpm) and its
 * sub-folders. saferpm runs as root and writes there, so every folder it uses
 * is checked before use: a real directory (not a symlink another user planted),
 * owned by saferpm's own user and not writable by group or others.
 */
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, StateError } from '../errors.js';
import { resolveInRoot } from '../fs/rooted.js';
import { describeFsError } from './atomic.js';

/** Where saferpm keeps its files, as seen from inside the root. Documented in README. */
export const STATE_DIR = '/var/lib/saferpm';

export interface StatePaths {
  /** ROOT/var/lib/saferpm on the host. */
  dir: string;
  runs: string;
  notes: string;
  lock: string;
}

/**
 * Host paths of the state folder; nothing is created. Links on the way to
 * /var/lib are followed inside the root (a distribution may link /var); the
 * state folder itself is never followed, so a link planted in its place is
 * seen, and refused, by ensureSecureDir.
 */
export async function statePaths(root: string): Promise<StatePaths> {
  const dir = path.join(await resolveInRoot(root, path.dirname(STATE_DIR)), path.basename(STATE_DIR));
  return { dir, runs: path.join(dir, 'runs'), notes: path.join(dir, 'notes'), lock: path.join(dir, 'lock') };
}

/** Create (or check) the state folder and its sub-folders, mode 0700. */
export async function ensureStateDirs(paths: StatePaths): Promise<void> {
  const parent = path.dirname(paths.dir);
  try {
    await mkdir(parent, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw new StateError(parent, `cannot create: ${describeFsError(e)}`);
  }
  await ensureSecureDir(paths.dir);
  await ensureSecureDir(paths.runs);
  await ensureSecureDir(paths.notes);
}

export async function ensureSecureDir(dir: string, mode = 0o700): Promise<void> {
  try {
    await mkdir(dir, { mode });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new StateError(dir, `cannot create: ${describeFsError(e)}`);
    }
  }
  await checkSecureDir(dir);
}

export async function checkSecureDir(dir: string): Promise<void> {
  const st = await lstat(dir);
  if (st.isSymbolicLink()) {
    throw new StateError(dir, 'is a symbolic link; saferpm will not write through it', EXIT.NOPERM, `remove it ('rm ${dir}') after checking who planted it`);
  }
  if (!st.isDirectory()) throw new StateError(dir, 'is not a directory', EXIT.NOPERM);
  const uid = process.geteuid?.() ?? st.uid;
  if (st.uid !== uid) {
    throw new StateError(dir, `is owned by uid ${st.uid}, not by uid ${uid} that runs saferpm; refusing to use it`, EXIT.NOPERM, `check it, then 'chown ${uid} ${dir}'`);
  }
  if ((st.mode & 0o022) !== 0) {
    throw new StateError(dir, `is writable by group or others (mode ${(st.mode & 0o777).toString(8)}); refusing to use it`, EXIT.NOPERM, `chmod 700 ${dir}`);
  }
}
