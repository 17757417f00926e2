/**
 * saferpm restore ID [FILE...]: put configuration files saved before run ID
 * back, after verifying the copies' SHA-256 against the manifest. The
 * manifest is only as trustworthy as the folders that hold it, so each of
 * them is checked first (a real directory, owned by us, 0700-like).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Output } from '../output/output.js';
import { EXIT, SaferpmError, UsageError } from '../errors.js';
import { configBackupDir } from '../audit/manifest.js';
import { restoreFromBackup, type RestoreResult } from '../audit/restore.js';
import { runDir } from '../record/store.js';
import { checkSecureDir, statePaths } from '../state/dirs.js';
import { acquireLock } from '../state/lock.js';

export interface RestoreCommandOptions {
  root: string;
  runId: string;
  /** Paths as seen inside the root; all saved files when empty. */
  files: string[];
  dryRun: boolean;
}

export async function restoreCommand(o: RestoreCommandOptions, out: Output): Promise<number> {
  const bad = o.files.find((f) => !f.startsWith('/'));
  if (bad) throw new UsageError(`'${bad}' is not an absolute path`, 'name files as seen inside the root, e.g. /etc/ssh/sshd_config');
  const paths = await statePaths(o.root);
  const run = runDir(paths, o.runId);
  if (!(await stat(run).catch(() => undefined))) {
    throw new SaferpmError(`no run ${o.runId} under ${paths.runs}`, EXIT.NOINPUT, "'saferpm history' lists the runs");
  }
  const dir = configBackupDir(run);
  for (const d of [paths.dir, paths.runs, run, dir]) await checkSecureDir(d).catch((e: unknown) => { throw missingBackup(e, dir, o.runId); });
  const lock = o.dryRun ? undefined : await acquireLock(paths.lock, `saferpm restore ${o.runId}`);
  try {
    const results = await restoreFromBackup({ root: o.root, dir, files: o.files, dryRun: o.dryRun });
    for (const r of results) out.out(describe(r));
    if (o.dryRun) out.out('dry run: nothing was changed');
    const restored = results.filter((r) => r.action === 'restored').map((r) => r.path);
    if (restored.length && o.root === '/' && existsSync('/sys/fs/selinux/enforce')) {
      out.info(`SELinux is on: reset the restored files' labels with 'restorecon -v ${restored.join(' ')}'`);
    }
  } finally {
    await lock?.release();
  }
  return EXIT.OK;
}

function missingBackup(e: unknown, dir: string, id: string): unknown {
  if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT') return e;
  return new SaferpmError(`run ${id} has no configuration backup (${dir} does not exist)`, EXIT.NOINPUT, 'only runs that upgraded or erased packages with %config files have one');
}

function describe(r: RestoreResult): string {
  switch (r.action) {
    case 'restored':
      return `restored ${r.path}${r.previous ? ` (the file it replaced is kept in ${r.previous})` : ''}`;
    case 'would-restore':
      return `would restore ${r.path}`;
    case 'already-current':
      return `${r.path}: already as saved, left alone`;
    default:
      return `skipped ${r.path}: ${r.reason ?? ''}`;
  }
}
