/**
 * Package files another user could change between saferpm's checks and
 * rpm's own reading (a file in their folder, or a folder of theirs on the
 * way): the headers saferpm classifies, the rpm --test it runs and the
 * transaction must all see the same bytes. Such an input is copied once into
 * a private folder (0700, under the state folder, removed when saferpm exits),
 * and everything from the header query on uses the copy. An input whose file
 * and every folder above it are root's alone (src/fs/trusted-chain.ts) cannot
 * change under us and is used in place: no copy, no cost. A file root owns
 * and nobody else can write, in a folder of another user's on the same file
 * system, is hard-linked instead of copied.
 *
 * The copy is made from one descriptor opened with O_NONBLOCK (a FIFO swapped
 * in cannot hang the run) and checked to be a regular file; copyFile(2) reads
 * it through /proc/self/fd, so the bytes copied are that file's, whatever is
 * renamed meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp, rmSync } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, InputError, StateError } from '../errors.js';
import { untrustedFileStat, untrustedHostFolder, untrustedHostPath } from '../fs/trusted-chain.js';
import { ensureSecureDir, ensureStateDirs, statePaths } from '../state/dirs.js';
import type { PackageInput } from './inputs.js';

const RPM_SAFE_NAME = /^[A-Za-z0-9._+:@=,-]+$/;

export interface StagedInputs {
  inputs: PackageInput[];
  /** How many were copied, and why the first one was (for the plan's explanation). */
  copied: number;
  reason?: string;
}

/** The inputs with the untrusted ones replaced by private copies. */
export async function stageInputs(root: string, inputs: readonly PackageInput[]): Promise<StagedInputs> {
  const out: PackageInput[] = [];
  let dir: string | undefined;
  let copied = 0;
  let reason: string | undefined;
  const folders = new Map<string, Promise<string | undefined>>();
  for (const [i, input] of inputs.entries()) {
    const real = (input as { open?: string | Buffer }).open ?? input.path;
    if (!(await isNonEmptyFile(real))) {
      out.push(input); // missing, a folder, a FIFO, a loop...: the input checks name it precisely
      continue;
    }
    const why = typeof real === 'string' ? await untrusted(real, folders) : 'its name is not UTF-8';
    if (why === undefined) {
      out.push(input);
      continue;
    }
    dir ??= await privateFolder(root);
    const base = path.basename(input.aliasOf ?? input.path);
    const dest = path.join(dir, `${String(i + 1).padStart(5, '0')}-${RPM_SAFE_NAME.test(base) ? base : 'package.rpm'}`);
    if (!(await linkIfRootsAlone(real, dest))) await copyOne(input.given, real, dest);
    out.push({ given: input.given, path: dest, aliasOf: input.aliasOf ?? input.path });
    copied++;
    reason ??= why.split('; ')[0];
  }
  return { inputs: out, copied, ...(reason ? { reason } : {}) };
}

async function isNonEmptyFile(p: string | Buffer): Promise<boolean> {
  const st = await stat(p).catch(() => undefined);
  return Boolean(st?.isFile() && st.size > 0);
}

/**
 * The folder chain is checked once per folder (200 packages in one folder:
 * one walk), then each file with one lstat(2); a file that is a symlink gets
 * the full walk, its target's folders included.
 */
async function untrusted(file: string, folders: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
  const st = await lstat(file).catch(() => undefined);
  if (!st) return untrustedHostPath(file);
  if (st.isSymbolicLink()) return untrustedHostPath(file);
  const dir = path.dirname(file);
  if (!folders.has(dir)) folders.set(dir, untrustedHostFolder(dir));
  return (await folders.get(dir)) ?? untrustedFileStat(file, st);
}

async function privateFolder(root: string): Promise<string> {
  const paths = await statePaths(root);
  await ensureStateDirs(paths);
  const dir = path.join(paths.dir, `incoming-${process.pid}-${randomBytes(4).toString('hex')}`);
  await ensureSecureDir(dir);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A file root owns and nobody else can write, in a folder another user can
 * change: a hard link in the private folder (same file system) pins that
 * inode, whose bytes nobody else can change, at no cost. The link is checked
 * after it is made (the name may have been swapped just before).
 */
async function linkIfRootsAlone(src: string | Buffer, dest: string): Promise<boolean> {
  if (typeof src !== 'string') return false;
  try {
    await fsp.link(src, dest);
  } catch {
    return false; // EXDEV (another file system), EPERM (protected_hardlinks), ...
  }
  const st = await lstat(dest).catch(() => undefined);
  if (st && untrustedFileStat(dest, st) === undefined) return true;
  await fsp.unlink(dest).catch(() => undefined);
  return false;
}

async function copyOne(given: string, src: string | Buffer, dest: string): Promise<void> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(src, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(given, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, EXIT.NOINPUT);
  }
  try {
    if (!(await fh.stat()).isFile()) throw new InputError(given, 'is not a regular file', EXIT.DATAERR);
    await fsp.copyFile(`/proc/self/fd/${fh.fd}`, dest, constants.COPYFILE_EXCL);
    await fsp.chmod(dest, 0o600);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new StateError(dest, `cannot copy ${given} into saferpm's private folder: ${(e as Error).message}`, EXIT.IOERR, 'free space in the state folder, or move the packages into a folder only root can write');
  } finally {
    await fh.close();
  }
}
