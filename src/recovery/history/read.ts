/**
 * Reading the run records for history, reboot and preflight. A folder whose
 * record.json is missing (a run killed before its first save) or torn (not
 * valid JSON) is reported as damaged with the reason, never a crash: history
 * is what an admin reads after something went wrong.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkRecord } from '../../record/check.js';
import { listRunIds, runDir } from '../../record/store.js';
import type { RunRecord } from '../../record/types.js';
import type { StatePaths } from '../../state/dirs.js';
import { isLockHeld } from '../../state/lock.js';

export type RunEntry =
  | { id: string; record: RunRecord; damaged?: undefined; died?: boolean }
  | { id: string; record?: undefined; damaged: string; died?: undefined };

export async function readRunEntry(paths: StatePaths, id: string): Promise<RunEntry> {
  const file = path.join(runDir(paths, id), 'record.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { id, damaged: code === 'ENOENT' ? 'record.json is missing (the run stopped before its first save?)' : `record.json cannot be read (${code ?? String(e)})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { id, damaged: 'record.json is not valid JSON (torn or edited)' };
  }
  const checked = checkRecord(parsed, id);
  if (checked.problem !== undefined) return { id, damaged: `record.json ${checked.problem}` };
  return { id, record: checked.record };
}

/**
 * Every run, oldest first (run ids sort by time). A record still saying
 * "running" while no live saferpm holds the root's lock belongs to a run that
 * was killed outright (SIGKILL, power cut) before its last save: `died`.
 */
export async function readRuns(paths: StatePaths): Promise<RunEntry[]> {
  const ids = await listRunIds(paths);
  const entries = await Promise.all(ids.map((id) => readRunEntry(paths, id)));
  if (!entries.some((e) => e.record?.status === 'running')) return entries;
  const live = await isLockHeld(paths.lock);
  const newest = entries.at(-1)?.id;
  // only the newest run can be the one holding the lock now
  return entries.map((e): RunEntry => (e.record?.status === 'running' && (!live || e.id !== newest) ? { id: e.id, record: e.record, died: true } : e));
}

/** The newest run, damaged or not; undefined when none is recorded. */
export async function latestRun(paths: StatePaths): Promise<RunEntry | undefined> {
  const id = (await listRunIds(paths)).at(-1);
  return id ? readRunEntry(paths, id) : undefined;
}

