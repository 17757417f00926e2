/**
 * Placing the shim. A file at PREFIX/rpm that is not saferpm's shim is never
 * replaced unless asked (--force), and then it is kept, untouched, under a
 * second name (a hard link to the same inode: same bytes, mode, owner and
 * times) that 'saferpm shim remove' renames back.
 */
import { constants, accessSync, existsSync, linkSync, lstatSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { EXIT, PermissionError, RefusedError, StateError, UsageError } from '../errors.js';
import { isTempName, writeFileAtomic, syncDir } from '../state/atomic.js';
import { checkSecureDir } from '../state/dirs.js';
import { untrustedHostPath } from '../fs/trusted-chain.js';
import { inspectTarget, isExecutableFile, readHead } from './inspect.js';
import { BACKUP_NAME, SHIM_NAME, parseShim, renderShim, unsafePathReason, type ShimSpec } from './script.js';

export interface InstallShimInput {
  prefix: string;
  realRpm: string;
  saferpm: string[];
  force: boolean;
  version: string;
}

export interface InstallShimResult {
  target: string;
  action: 'installed' | 'updated' | 'unchanged';
  spec: ShimSpec;
  /** Set when --force moved someone else's file aside. */
  backedUp?: string;
}

export async function installShim(o: InstallShimInput): Promise<InstallShimResult> {
  const prefix = await checkPrefix(o.prefix);
  const target = path.join(prefix, SHIM_NAME);
  await checkRealRpm(o.realRpm, target);
  checkSaferpm(o.saferpm);
  const found = inspectTarget(target);
  if (found.kind === 'other' && !o.force) {
    throw new RefusedError(
      `${target} exists and is not saferpm's shim; not replaced`,
      `look at it first ('ls -l ${target}'); to replace it and keep it for 'saferpm shim remove' to put back: saferpm shim install --force --prefix ${prefix}`,
    );
  }
  const backup = found.kind === 'shim' ? found.spec.backup : found.kind === 'other' ? path.join(prefix, BACKUP_NAME) : null;
  const spec: ShimSpec = { realRpm: o.realRpm, saferpm: o.saferpm, backup, writtenBy: o.version };
  const text = renderShim(spec);
  if (found.kind === 'shim' && found.text === text && (found.stat.mode & 0o7777) === 0o755) return { target, action: 'unchanged', spec };
  if (found.kind === 'other') keepAside(target, backup as string);
  removeStaleTemps(prefix);
  try {
    await writeExecutable(target, text);
  } catch (e) {
    // still the original at target (the shim's rename never happened): drop the second name only
    if (found.kind === 'other' && sameInode(target, backup as string)) unlinkSync(backup as string);
    throw e;
  }
  const result: InstallShimResult = { target, action: found.kind === 'shim' ? 'updated' : 'installed', spec };
  if (found.kind === 'other') result.backedUp = backup as string;
  return result;
}

async function checkPrefix(given: string): Promise<string> {
  const why = unsafePathReason(given);
  if (why) throw new UsageError(`--prefix ${given} ${why}`, 'give the folder as an absolute path, e.g. --prefix /usr/local/sbin');
  const prefix = path.normalize(given);
  let st;
  try {
    st = statSync(prefix);
  } catch {
    throw new StateError(prefix, 'no such folder', EXIT.NOINPUT, `create it ('mkdir -p ${prefix}') and put it before /usr/bin on root's PATH, or choose another --prefix`);
  }
  if (!st.isDirectory()) throw new StateError(prefix, 'is not a folder', EXIT.USAGE);
  // root runs whatever is in this folder as 'rpm': it must not be writable by anyone else,
  // nor may any folder above it be (who can rename a parent can replace the whole prefix)
  await checkSecureDir(prefix);
  const chain = await untrustedHostPath(prefix);
  if (chain) throw new PermissionError(`--prefix ${prefix}: ${chain.split('; ')[0]}; root would run what another user put there as rpm`, chain.split('; ')[1]);
  try {
    accessSync(prefix, constants.W_OK);
  } catch {
    throw new PermissionError(`${prefix}: cannot write here`, 'run it as root: sudo saferpm shim install');
  }
  return prefix;
}

async function checkRealRpm(realRpm: string, target: string): Promise<void> {
  const why = unsafePathReason(realRpm);
  if (why) throw new UsageError(`--rpm ${realRpm} ${why}`, 'give the real rpm as an absolute path, e.g. --rpm /usr/bin/rpm');
  // the shim execs it as root for every rpm command: it and every folder above it must be root's alone
  const chain = existsSync(realRpm) ? await untrustedHostPath(realRpm) : undefined;
  if (chain) throw new PermissionError(`--rpm ${realRpm}: ${chain.split('; ')[0]}; the shim would run it as root`, chain.split('; ')[1] ?? 'give the real rpm, e.g. --rpm /usr/bin/rpm');
  if (!isExecutableFile(realRpm)) {
    throw new StateError(realRpm, 'is not an executable file; the shim needs the real rpm', EXIT.UNAVAILABLE, "give the real rpm with --rpm PATH ('command -v rpm' before the shim is installed)");
  }
  if (parseShim(readHead(realRpm, 2048, true))) {
    throw new UsageError(`${realRpm} is itself a saferpm shim; the shim would call itself`, 'give the real rpm with --rpm, e.g. --rpm /usr/bin/rpm');
  }
  const a = statSync(realRpm);
  const b = lstatOrUndefined(target);
  if (b && a.dev === b.dev && a.ino === b.ino) {
    throw new UsageError(`${target} is the real rpm itself; the shim cannot take its place`, 'choose a --prefix before the real rpm\'s folder on PATH, e.g. /usr/local/sbin');
  }
}

function checkSaferpm(argv: string[]): void {
  const [file] = argv;
  if (!file || argv.some((a) => unsafePathReason(a))) throw new UsageError(`the saferpm command '${argv.join(' ')}' must be absolute paths without control characters`);
  if (!isExecutableFile(file)) throw new StateError(file, 'is not executable; the shim could not start saferpm', EXIT.UNAVAILABLE, 'run the shim install with the installed saferpm (/usr/bin/saferpm)');
}

function keepAside(target: string, backup: string): void {
  if (sameInode(target, backup)) return; // an install killed after keeping it aside, before placing the shim
  if (lstatOrUndefined(backup)) {
    throw new RefusedError(`${backup} already exists (kept by an earlier --force); not overwritten`, `compare it with ${target}, then remove the one you do not need`);
  }
  try {
    linkSync(target, backup);
  } catch (e) {
    throw new StateError(backup, `cannot keep ${target} aside: ${(e as Error).message}`);
  }
}

/** The shim must be 0755 whatever the umask: a 0700 rpm first on a user's PATH would stop rpm -q for them. */
async function writeExecutable(target: string, text: string): Promise<void> {
  const old = process.umask(0o022);
  try {
    await writeFileAtomic(target, text, { mode: 0o755 });
  } finally {
    process.umask(old);
  }
  await syncDir(path.dirname(target));
}

/** Temporary files of an earlier install that was killed before its rename (writeFileAtomic's names). */
function removeStaleTemps(prefix: string): void {
  for (const name of readdirSync(prefix)) {
    if (name.startsWith(`.${SHIM_NAME}.`) && isTempName(name)) unlinkSync(path.join(prefix, name));
  }
}

function sameInode(a: string, b: string): boolean {
  const x = lstatOrUndefined(a);
  const y = lstatOrUndefined(b);
  return Boolean(x && y && x.dev === y.dev && x.ino === y.ino);
}

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}
