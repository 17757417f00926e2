/**
 * What 'saferpm undo ID' did, kept in the undone run's folder
 * (runs/<ID>/undo-<time>.json), so that 'saferpm history ID' shows it.
 * Needed because one of its steps leaves no run record of its own: rpm -e
 * goes through saferpm's erase guard and then to rpm unchanged (src/rpm/passthrough.ts).
 * Saved after every step: a crash leaves the steps done so far.
 */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../state/atomic.js';
import { checkSecureDir } from '../../state/dirs.js';

export const UNDO_LOG_SCHEMA = 'saferpm.undo/1';

export interface UndoLogStep {
  kind: 'downgrade' | 'reinstall' | 'erase' | 'restore-config';
  /** The saferpm command line run for it (after 'saferpm'). */
  argv: string[];
  exitCode: number | null;
}

export interface UndoLog {
  schema: typeof UNDO_LOG_SCHEMA;
  runId: string;
  at: string;
  user: string;
  steps: UndoLogStep[];
  /** Packages left alone, and why (not as the record says, no standby copy with --skip-missing). */
  left: { package: string; reason: string }[];
  finishedAt?: string;
  exitCode?: number;
}

export function newUndoLog(runId: string, now = new Date()): UndoLog {
  return { schema: UNDO_LOG_SCHEMA, runId, at: now.toISOString(), user: process.env.SUDO_USER || os.userInfo().username, steps: [], left: [] };
}

export async function saveUndoLog(runDirPath: string, log: UndoLog): Promise<void> {
  await checkSecureDir(runDirPath);
  const stamp = log.at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  await writeFileAtomic(path.join(runDirPath, `undo-${stamp}.json`), JSON.stringify(log, null, 2) + '\n', { mode: 0o600 });
}

/** Undo attempts on a run, oldest first; unreadable files are skipped. */
export async function readUndoLogs(runDirPath: string): Promise<UndoLog[]> {
  const names = (await readdir(runDirPath).catch(() => [] as string[])).filter((n) => /^undo-[0-9TZ]+\.json$/.test(n)).sort();
  const logs: UndoLog[] = [];
  for (const n of names) {
    try {
      const log = JSON.parse(await readFile(path.join(runDirPath, n), 'utf8')) as UndoLog;
      if (log.schema === UNDO_LOG_SCHEMA && Array.isArray(log.steps)) logs.push(log);
    } catch {
      /* a torn or edited file: history shows the others */
    }
  }
  return logs;
}
