/**
 * ROOT/var/lib/saferpm/reboots.log: one JSON object per line for every
 * 'saferpm reboot' (refused, dry run, forced or not), so that history shows
 * who rebooted the machine past which verdict. The entry is written before
 * the reboot command runs: after it, the process may not get the chance.
 * The log is small (one line per reboot), so it is rewritten whole through
 * writeFileAtomic under the root lock: a crash leaves the old log or the new
 * one, never a torn line.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../state/atomic.js';
import type { StatePaths } from '../../state/dirs.js';

export const REBOOT_LOG_SCHEMA = 'saferpm.reboot/1';
/** As seen from inside the root. */
export const REBOOT_LOG = '/var/lib/saferpm/reboots.log';

export interface RebootLogEntry {
  schema: typeof REBOOT_LOG_SCHEMA;
  at: string;
  host: string;
  user: string;
  /** reboot: the reboot command is run (or would be, with dryRun); refused: a required check failed or the plan is invalid. */
  action: 'reboot' | 'refused' | 'reboot-failed';
  dryRun: boolean;
  safe: boolean;
  /** The failed required checks. */
  reasons: string[];
  /** --force was given and there were failed required checks: they were ignored. */
  forced: boolean;
  /** Why a reboot was refused or failed, beyond the reasons. */
  detail?: string;
  kernel?: string;
  runningKernel?: string;
  /** The latest run the note describes, when there is one. */
  runId?: string;
  /** The note written before the reboot (inside the root). */
  note: string;
  command: string[];
  /** The reboot command's exit code (reboot-failed). */
  exitCode?: number;
  /** saferpm reboot --trial: the trial this reboot starts. */
  trial?: string;
}

export type NewRebootLogEntry = Omit<RebootLogEntry, 'schema' | 'at' | 'host' | 'user'>;

export function rebootLogFile(paths: StatePaths): string {
  return path.join(paths.dir, path.basename(REBOOT_LOG));
}

/** Append one entry. The caller holds the root lock (no two writers). */
export async function appendRebootLog(paths: StatePaths, entry: NewRebootLogEntry, now = new Date()): Promise<RebootLogEntry> {
  const full: RebootLogEntry = {
    schema: REBOOT_LOG_SCHEMA,
    at: now.toISOString(),
    host: os.hostname(),
    user: process.env.SUDO_USER || os.userInfo().username,
    ...entry,
  };
  const file = rebootLogFile(paths);
  const old = await readFile(file, 'utf8').catch(() => '');
  const keep = old === '' || old.endsWith('\n') ? old : `${old}\n`;
  await writeFileAtomic(file, `${keep}${JSON.stringify(full)}\n`, { mode: 0o600 });
  return full;
}

/** The entries, oldest first; lines that are not entries (edited by hand) are counted, not fatal. */
export async function readRebootLog(paths: StatePaths): Promise<{ entries: RebootLogEntry[]; unreadable: number }> {
  const text = await readFile(rebootLogFile(paths), 'utf8').catch(() => '');
  const entries: RebootLogEntry[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const e = parseLine(line);
    if (e) entries.push(e);
    else unreadable++;
  }
  return { entries, unreadable };
}

function parseLine(line: string): RebootLogEntry | undefined {
  try {
    const e = JSON.parse(line) as Partial<RebootLogEntry>;
    return e?.schema === REBOOT_LOG_SCHEMA && typeof e.at === 'string' && typeof e.action === 'string' ? (e as RebootLogEntry) : undefined;
  } catch {
    return undefined;
  }
}
