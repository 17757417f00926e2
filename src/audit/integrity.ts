/**
 * `rpm -V` of the touched packages, in one rpm process, with the header
 * attributes rpm compared against (a second, batched query) and the on-disk
 * mode and owner of every file that differs, so a report can say "0755 in the
 * package, 4755 on disk". rpm -V exits non-zero whenever anything differs:
 * that is its answer, not a failure. --nodeps and --noscripts keep it to file
 * attributes (rpm(8): dependency checks and %verifyscript are other reports).
 */
import { EXIT, SaferpmError } from '../errors.js';
import { runCommand } from '../exec/run.js';
import type { RpmInvocation } from '../rpm/query.js';
import type { HeaderFiles } from './parse-file-attrs.js';
import { queryInstalledFiles, type InstalledFiles } from './query-file-attrs.js';
import { locateInRoot } from './secure-copy.js';
import { parseVerifyOutput, type VerifyEntry } from './verify.js';

export interface DiskAttrs {
  mode: number;
  uid: number;
  gid: number;
}

export interface VerifiedFile extends VerifyEntry {
  /** NEVRAs of the verified packages that own the file. */
  packages: string[];
  /** lstat(2) of the file now, when it exists. */
  disk?: DiskAttrs;
}

export interface VerifyResult {
  /** Header attributes of the verified packages (what rpm compared against). */
  packages: HeaderFiles[];
  /** Files that differ from their headers, or are missing. */
  files: VerifiedFile[];
  notInstalled: string[];
  /** Lines of rpm -V that are not about files. */
  other: string[];
}

export interface VerifyOptions {
  /** The root rpm's --root points at, to stat the files (default '/'). */
  root?: string;
  /**
   * Skip the file contents (rpm -V --nofiledigest): mode, owner, size, mtime,
   * links and capabilities are still compared. For packages this run has just
   * installed, whose files rpm wrote a moment ago: hashing them all again
   * costs as much as the install's own verification and finds nothing a
   * changed size or mtime would not show.
   */
  noFileDigest?: boolean;
  /** The packages' files, when already read from the database for this moment (saves an rpm process). */
  installed?: Promise<InstalledFiles>;
}

export async function verifyPackages(rpm: RpmInvocation, names: string[], opts: VerifyOptions = {}): Promise<VerifyResult> {
  if (names.length === 0) return { packages: [], files: [], notInstalled: [], other: [] };
  const [r, headers] = await Promise.all([
    runCommand(rpm.binary, [...rpm.globalArgs, '-V', '--nodeps', '--noscripts', ...(opts.noFileDigest ? ['--nofiledigest'] : []), '--', ...names], { providedBy: 'rpm' }),
    opts.installed ?? queryInstalledFiles(rpm, names),
  ]);
  const dbError = r.stderr.split('\n').find((l) => /^error: .*(db|database|rpmdb)/i.test(l));
  if (dbError) throw new SaferpmError(`rpm -V failed: ${dbError.slice(7)}`, EXIT.UNAVAILABLE, "check --root/--dbpath, or run 'rpm --rebuilddb'");
  const parsed = parseVerifyOutput(r.stdout, 'rpm -V');
  const owners = ownersOf(headers.packages);
  const files = await Promise.all(parsed.entries.map((e) => withDisk(opts.root ?? '/', { ...e, packages: owners.get(e.path) ?? [] })));
  const stderrLines = r.stderr.split('\n').filter((l) => l.startsWith('error: ') || l.startsWith('warning: '));
  return { packages: headers.packages, files, notInstalled: parsed.notInstalled, other: [...parsed.other, ...stderrLines] };
}

function ownersOf(packages: HeaderFiles[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const p of packages) {
    for (const f of p.files) owners.set(f.path, [...(owners.get(f.path) ?? []), p.nevra]);
  }
  return owners;
}

async function withDisk(root: string, f: VerifiedFile): Promise<VerifiedFile> {
  if (f.missing) return f;
  const at = await locateInRoot(root, f.path).catch(() => undefined);
  if (!at?.st) return f;
  return { ...f, disk: { mode: at.st.mode, uid: at.st.uid, gid: at.st.gid } };
}
