/**
 * The configuration backup's manifest: ROOT/var/lib/saferpm/runs/<id>/config-backup/manifest.json.
 * It names every %config file of the packages a run was about to upgrade or
 * erase, what it was (file, symlink, missing), its metadata and the SHA-256 of
 * the copy, so a restore can prove the copy is what was saved.
 */
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { EXIT, StateError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic.js';
import { isPlainAbsolute } from './secure-copy.js';

export const MANIFEST_SCHEMA = 'saferpm.config-backup/1';
export const MANIFEST_FILE = 'manifest.json';
/** The backup's folder inside a run's folder (src/record/store.ts runDir). */
export const CONFIG_BACKUP_DIR = 'config-backup';
/** The backup folder of a run, given the run's folder (runDir in src/record/store.ts). */
export function configBackupDir(runDirPath: string): string {
  return path.join(runDirPath, CONFIG_BACKUP_DIR);
}
/** Copies live under this sub-folder, at their path inside the root: files/etc/ssh/sshd_config. */
export const COPIES_DIR = 'files';

export type BackupKind = 'file' | 'symlink' | 'missing' | 'other';

export interface FileMeta {
  /** st_mode (type and permission bits). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  atimeMs: number;
  mtimeMs: number;
}

export interface BackupEntry {
  /** Path inside the root. */
  path: string;
  /** NEVRA of the installed package that owns it (the first, when shared). */
  package: string;
  noreplace: boolean;
  ghost: boolean;
  kind: BackupKind;
  /** The copy, relative to the backup folder (kind 'file'). */
  copy?: string;
  sha256?: string;
  /** Content differs from what the installed package shipped (undefined: cannot tell). */
  locallyModified?: boolean;
  meta?: FileMeta;
  linkTarget?: string;
  /** SHA-256 of PATH.rpmnew / PATH.rpmsave when they existed at backup time. */
  siblings: { rpmnew?: string; rpmsave?: string };
  /** Not a %config file: saved because rpm -V found it edited (rpm overwrites it, no .rpmsave). */
  notConfig?: boolean;
}

export interface BackupManifest {
  schema: typeof MANIFEST_SCHEMA;
  createdAt: string;
  root: string;
  /** The backup folder on the host. */
  dir: string;
  /** NEVRAs of the installed packages whose configuration was saved. */
  packages: string[];
  /** Their names, to find the files' owners after the transaction. */
  names: string[];
  /** Names given that were not installed (nothing to save). */
  notInstalled: string[];
  files: BackupEntry[];
}

export async function writeManifest(manifest: BackupManifest): Promise<string> {
  const file = path.join(manifest.dir, MANIFEST_FILE);
  await writeFileAtomic(file, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return file;
}

/** Read a backup's manifest; a missing or damaged one is a StateError naming the file. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    const handle = await fsp.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    throw new StateError(file, 'no configuration backup manifest here (the backup was not made or did not complete)', EXIT.NOINPUT, "'saferpm history' lists the runs");
  }
  const manifest = parseManifest(text);
  if (!manifest) throw new StateError(file, `is not a ${MANIFEST_SCHEMA} manifest (damaged?); refusing to use the backup`, EXIT.DATAERR);
  return { ...manifest, dir };
}

function parseManifest(text: string): BackupManifest | undefined {
  try {
    const m = JSON.parse(text) as BackupManifest;
    const ok = m?.schema === MANIFEST_SCHEMA && Array.isArray(m.names) && Array.isArray(m.files) && m.files.every(isSaneEntry);
    return ok ? m : undefined;
  } catch {
    return undefined;
  }
}

/** A copy can only live at files/<its path>: a manifest naming anything else is not ours. */
function isSaneEntry(f: BackupEntry): boolean {
  if (typeof f?.path !== 'string' || !isPlainAbsolute(f.path) || !f.siblings) return false;
  if (f.kind === 'file') return f.copy === path.posix.join(COPIES_DIR, f.path) && typeof f.sha256 === 'string' && f.meta !== undefined;
  if (f.kind === 'symlink') return typeof f.linkTarget === 'string' && f.meta !== undefined;
  return f.kind === 'missing' || f.kind === 'other';
}
