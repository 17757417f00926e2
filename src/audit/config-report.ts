/**
 * After the transaction: what happened to each backed-up %config file.
 * rpm's rules (lib/rpmfi.c rpmfilesDecideFate, "Maximum RPM: Config files"):
 * a file the admin did not change is replaced silently; a changed plain
 * %config file is replaced and the admin's copy renamed PATH.rpmsave; a
 * changed %config(noreplace) file is kept and the new default written as
 * PATH.rpmnew; when the package's own default did not change, the file is
 * left alone. Erasing a package saves a changed %config file as .rpmsave.
 * The outcome is read from the disk (not from rpm's or dnf's messages), so it
 * is the same for both paths.
 */
import { readlink } from 'node:fs/promises';
import path from 'node:path';
import type { RpmInvocation } from '../rpm/query.js';
import type { BackupEntry, BackupManifest } from './manifest.js';
import { queryInstalledFiles, type InstalledFiles } from './query-file-attrs.js';
import { hashFile, locateInRoot } from './secure-copy.js';
import type { HeaderFiles } from './parse-file-attrs.js';

export type ConfigOutcome =
  /** Same content, mode and owner as before. */
  | 'unchanged'
  /** Overwritten by the package; the old one is in the backup (and in .rpmsave when rpm made one). */
  | 'replaced'
  /** The admin's file kept; the package's new default is beside it as .rpmnew. */
  | 'kept-rpmnew'
  /** Same content, but mode or owner changed. */
  | 'attributes-changed'
  /** Gone after the transaction (erased, or dropped by the new version). */
  | 'removed'
  /** Missing before, put back by the package. */
  | 'created';

export interface ConfigFileReport {
  path: string;
  outcome: ConfigOutcome;
  /** Owner before the transaction (NEVRA). */
  packageBefore: string;
  /** Owner after, when the file is still packaged. */
  packageAfter?: string;
  noreplace: boolean;
  /** The admin had changed it from the packaged default before the transaction. */
  locallyModified?: boolean;
  /** Host path of the saved copy. */
  backup?: string;
  /** PATH.rpmnew / PATH.rpmsave (inside the root) that this transaction made. */
  rpmnew?: string;
  rpmsave?: string;
  /** Not a %config file: an edited file rpm -V found before the run, saved so it can be restored. */
  notConfig?: boolean;
}

export interface ConfigReportOptions {
  root: string;
  manifest: BackupManifest;
  rpm: RpmInvocation;
  /** The packages' files after the transaction, when already read (saves an rpm process). */
  installed?: Promise<InstalledFiles>;
}

export async function reportConfigChanges(opts: ConfigReportOptions): Promise<ConfigFileReport[]> {
  const after = await (opts.installed ?? queryInstalledFiles(opts.rpm, opts.manifest.names ?? []));
  const owners = ownersByPath(after.packages);
  return Promise.all(opts.manifest.files.map((entry) => reportOne(opts.root, opts.manifest.dir, entry, owners.get(entry.path))));
}

function ownersByPath(packages: HeaderFiles[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const p of packages) for (const f of p.files) if (!owners.has(f.path)) owners.set(f.path, p.nevra);
  return owners;
}

async function reportOne(root: string, dir: string, entry: BackupEntry, owner: string | undefined): Promise<ConfigFileReport> {
  const report: ConfigFileReport = { path: entry.path, outcome: 'unchanged', packageBefore: entry.package, noreplace: entry.noreplace };
  if (owner) report.packageAfter = owner;
  if (entry.locallyModified !== undefined) report.locallyModified = entry.locallyModified;
  if (entry.copy) report.backup = path.join(dir, entry.copy);
  if (entry.notConfig) report.notConfig = true;
  const made = await newSiblings(root, entry);
  if (made.rpmnew) report.rpmnew = made.rpmnew;
  if (made.rpmsave) report.rpmsave = made.rpmsave;
  report.outcome = await outcomeOf(root, entry, made.rpmnew !== undefined);
  return report;
}

async function outcomeOf(root: string, entry: BackupEntry, rpmnewMade: boolean): Promise<ConfigOutcome> {
  const now = await locateInRoot(root, entry.path);
  if (!now.st) return entry.kind === 'missing' ? 'unchanged' : 'removed';
  if (entry.kind === 'missing') return 'created';
  const before = entry.meta;
  if (entry.kind === 'symlink') {
    const same = now.st.isSymbolicLink() && (await readlink(now.host)) === entry.linkTarget;
    return same ? 'unchanged' : 'replaced';
  }
  if (entry.kind === 'file') {
    const sha = now.st.isFile() ? (await hashFile(now.host))?.sha256 : undefined;
    if (sha !== entry.sha256) return 'replaced';
  }
  if (rpmnewMade) return 'kept-rpmnew';
  const sameAttrs = before !== undefined && before.mode === now.st.mode && before.uid === now.st.uid && before.gid === now.st.gid;
  return sameAttrs ? 'unchanged' : 'attributes-changed';
}

/** .rpmnew/.rpmsave that exist now and did not exist (with this content) at backup time. */
async function newSiblings(root: string, entry: BackupEntry): Promise<{ rpmnew?: string; rpmsave?: string }> {
  const out: { rpmnew?: string; rpmsave?: string } = {};
  for (const suffix of ['rpmnew', 'rpmsave'] as const) {
    const p = `${entry.path}.${suffix}`;
    const at = await locateInRoot(root, p);
    if (!at.st) continue;
    const sha = at.st.isFile() ? (await hashFile(at.host))?.sha256 : 'not-a-file';
    if (sha !== entry.siblings[suffix]) out[suffix] = p;
  }
  return out;
}
