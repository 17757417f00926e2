/**
 * Package files another user could change between saferpm's checks and
 * rpm's own reading (a file in their folder, or a folder of theirs on the
 * way): the headers saferpm classifies, the rpm --test it runs and the
 * transaction must all see the same bytes. Such an input is copied once into
 * a private folder (0700, under the state folder, removed when saferpm exits),
 * and everything from the header query on uses the copy. An input whose file
 * and every folder above it are root's alone (src/fs/trusted-chain.ts) cannot
 * change under us and is used in place: no copy, no cost.
 *
 * The copy is made from one descriptor opened with O_NONBLOCK (a FIFO swapped
 * in cannot hang the run) and checked to be a regular file; copyFile(2) reads
 * it through /proc/self/fd, so the bytes copied are that file's, whatever is
 * renamed meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp, rmSync } from 'node:fs';
import path from 'node:path';
import { EXIT, InputError, StateError } from '../errors.js';
import { untrustedHostPath } from '../fs/trusted-chain.js';
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
  for (const [i, input] of inputs.entries()) {
    const real = (input as { open?: string | Buffer }).open ?? input.path;
    const why = typeof real === 'string' ? await untrustedHostPath(real) : 'its name is not UTF-8';
    if (why === undefined) {
      out.push(input);
      continue;
    }
    dir ??= await privateFolder(root);
    const base = path.basename(input.aliasOf ?? input.path);
    const dest = path.join(dir, `${String(i + 1).padStart(5, '0')}-${RPM_SAFE_NAME.test(base) ? base : 'package.rpm'}`);
    await copyOne(input.given, real, dest);
    out.push({ given: input.given, path: dest, aliasOf: input.aliasOf ?? input.path });
    copied++;
    reason ??= why.split('; ')[0];
  }
  return { inputs: out, copied, ...(reason ? { reason } : {}) };
}

async function privateFolder(root: string): Promise<string> {
  const paths = await statePaths(root);
  await ensureStateDirs(paths);
  const dir = path.join(paths.dir, `incoming-${process.pid}-${randomBytes(4).toString('hex')}`);
  await ensureSecureDir(dir);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
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
