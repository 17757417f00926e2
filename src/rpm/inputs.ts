/**
 * Checking the package files named on the command line before rpm sees them,
 * so that a bad one gets a clear one-line error naming it and nothing changes.
 * The RPM lead (lib/rpmlead.c: 96 bytes starting ed ab ee db) is read here;
 * rpm does the rest. A text file is refused: rpm would read it as a manifest,
 * a list of more package paths, and install those instead.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync, symlinkSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, InputError, UsageError } from '../errors.js';
import { rawArgument } from './raw-argv.js';

const LEAD_MAGIC = [0xed, 0xab, 0xee, 0xdb];
const LEAD_SIZE = 96;
const PROBE = 512;

export interface PackageInput {
  /** As the user wrote it (for messages). */
  given: string;
  /**
   * Absolute path handed to rpm. rpm splits its file arguments like a shell
   * (poptParseArgvString in rpmGlob: white space, quotes, backslashes) and
   * expands glob characters, so a name holding any of those, or bytes that
   * are not UTF-8, is handed over as a plain-named symlink in a private
   * temporary folder instead (see aliasFolder).
   */
  path: string;
  /** The real file, when `path` is an alias for it. */
  aliasOf?: string;
}

/** Names rpm reads as they are: no white space, quotes, backslashes, glob or brace characters. */
const RPM_SAFE = /^[A-Za-z0-9._+\/:@=,-]+$/;

/**
 * The paths rpm will be given, from the names alone (no file is read): the
 * absolute path, or an alias for a name rpm would split or that is not UTF-8.
 */
export function namePackageInputs(given: readonly string[], cwd = process.cwd()): PackageInput[] {
  return given.map((g) => nameOne(g, cwd));
}

/** The content checks (exists, regular, not empty, an RPM lead); throws for the first bad file. */
export function inspectPackageInputs(inputs: readonly PackageInput[]): void {
  for (const input of inputs) inspectOne(input);
}

/**
 * The cheap check of the files rpm reads: one stat(2) each. A file that is
 * missing, not regular or empty gets the full check, which throws its precise
 * error.
 */
export async function statPackageInputs(inputs: readonly PackageInput[], slice = 256): Promise<void> {
  for (const [i, input] of inputs.entries()) {
    // give the event loop back now and then: rpm's output keeps draining from the pipe meanwhile
    if (i > 0 && i % slice === 0) await new Promise((resolve) => setImmediate(resolve));
    let st;
    try {
      st = statSync((input as Named).open ?? input.path, { throwIfNoEntry: false });
    } catch {
      st = undefined; // ELOOP, EACCES...: the full check says which
    }
    if (!st || !st.isFile() || st.size === 0) inspectOne(input);
  }
}

interface Named extends PackageInput {
  /** What to open: the path, or the raw bytes of a name that is not UTF-8. */
  open?: string | Buffer;
}

function nameOne(given: string, cwd: string): PackageInput {
  if (given === '-') throw new UsageError("reading packages from standard input ('-') is not supported", 'name the package files');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new InputError(given, 'is a URL; saferpm reads local package files only', EXIT.USAGE, `download it first, e.g. 'curl -O ${given}'`);
  }
  if (given === '') throw new InputError("''", 'an empty file name was given', EXIT.NOINPUT);
  const rawBytes = rawArgument(given);
  const abs = path.resolve(cwd, given);
  const target: string | Buffer = rawBytes ? (rawBytes[0] === 0x2f ? rawBytes : Buffer.concat([Buffer.from(cwd + '/'), rawBytes])) : abs;
  if (rawBytes || !RPM_SAFE.test(abs)) {
    const alias = path.join(aliasFolder(), `${String(++aliasCount).padStart(5, '0')}.rpm`);
    symlinkSync(target, alias);
    const named: Named = { given, path: alias, aliasOf: abs, open: target };
    return named;
  }
  return { given, path: abs };
}

function inspectOne(input: PackageInput): void {
  const { given } = input;
  let fd: number;
  try {
    fd = openSync((input as Named).open ?? input.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw openError(given, e);
  }
  try {
    // read(2) first, fstat(2) only on the rare short read: three system calls per good package.
    let n: number;
    try {
      n = readSync(fd, head, 0, PROBE, 0);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw new InputError(given, 'is a directory, not a package file', EXIT.DATAERR, `to install every package in it: saferpm -Uvh ${path.join(given, '*.rpm')}`);
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'ESPIPE') throw new InputError(given, 'is not a regular file', EXIT.DATAERR);
      throw new InputError(given, `cannot be read: ${(e as Error).message}`, EXIT.NOINPUT);
    }
    if (n <= LEAD_SIZE) {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new InputError(given, 'is not a regular file', EXIT.DATAERR);
      if (n === 0) throw new InputError(given, 'is empty, not an rpm package', EXIT.DATAERR);
    }
    if (!LEAD_MAGIC.every((b, i) => head[i] === b)) {
      if (looksLikeText(head.subarray(0, n))) {
        throw new InputError(given, 'is a text file, not an rpm package (rpm would read it as a manifest, a list of more packages)', EXIT.DATAERR, 'name the package files themselves');
      }
      throw new InputError(given, 'is not an rpm package (no RPM lead)', EXIT.DATAERR);
    }
    if (n <= LEAD_SIZE) throw new InputError(given, `is truncated (${n} bytes, shorter than the RPM lead)`, EXIT.DATAERR);
  } finally {
    closeSync(fd);
  }
}

/** One buffer for every probe (inspection is synchronous, one file at a time). */
const head = Buffer.allocUnsafe(PROBE);

let folder: string | undefined;
let aliasCount = 0;

/** A private folder (mode 0700) for the aliases, removed when saferpm exits. */
function aliasFolder(): string {
  if (!folder) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-files-'));
    folder = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return folder;
}

function openError(given: string, e: unknown): InputError {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': return new InputError(given, 'no such file', EXIT.NOINPUT);
    case 'ENOTDIR': return new InputError(given, 'no such file (a part of the path is not a directory)', EXIT.NOINPUT);
    case 'ELOOP': return new InputError(given, 'symbolic link loop', EXIT.NOINPUT);
    case 'EACCES':
    case 'EPERM': return new InputError(given, 'cannot be read: permission denied', EXIT.NOINPUT);
    case 'ENAMETOOLONG': return new InputError(given, 'file name too long', EXIT.NOINPUT);
    default: return new InputError(given, `cannot be opened: ${(e as Error).message}`, EXIT.NOINPUT);
  }
}

function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  for (const c of b) {
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) return false;
  }
  return true;
}
