/**
 * Run records on disk: ROOT/var/lib/saferpm/runs/<id>/record.json. Each run
 * has its own folder (mode 0700) for what belongs to it: snapshots, the
 * configuration backup, the note.
 */
import { readdir, readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { EXIT, SaferpmError } from '../errors.js';
import { writeFileAtomic, isTempName } from '../state/atomic.js';
import { ensureSecureDir, type StatePaths } from '../state/dirs.js';
import { parseRunRecord } from './check.js';
import { RECORD_SCHEMA, type RunRecord } from './types.js';

/** Sortable and unique: 20261127T140512Z-3f9a1c. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function runDir(paths: StatePaths, id: string): string {
  if (!/^[0-9TZ]+-[0-9a-f]+$/.test(id)) throw new SaferpmError(`'${id}' is not a run id (saferpm history lists them)`, EXIT.USAGE);
  return path.join(paths.runs, id);
}

export function newRecord(init: Pick<RunRecord, 'id' | 'tool' | 'commandLine' | 'root'> & Partial<RunRecord>): RunRecord {
  return {
    schema: RECORD_SCHEMA,
    status: 'running',
    startedAt: new Date().toISOString(),
    host: os.hostname(),
    user: process.env.SUDO_USER || os.userInfo().username,
    commands: [],
    packages: [],
    warnings: [],
    ...init,
  };
}

/** Create the run's folder (checked, 0700). */
export async function createRunDir(paths: StatePaths, id: string): Promise<string> {
  const dir = runDir(paths, id);
  await ensureSecureDir(dir);
  return dir;
}

export async function saveRecord(paths: StatePaths, record: RunRecord): Promise<string> {
  const file = path.join(runDir(paths, record.id), 'record.json');
  await writeFileAtomic(file, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  return file;
}

export async function loadRecord(paths: StatePaths, id: string): Promise<RunRecord> {
  const file = path.join(runDir(paths, id), 'record.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new SaferpmError(`no run record ${id} under ${paths.runs}`, EXIT.NOINPUT, "'saferpm history' lists the runs");
  }
  return parseRunRecord(text, file, id);
}

/** Run ids, oldest first; folders of interrupted writes are skipped. */
export async function listRunIds(paths: StatePaths): Promise<string[]> {
  try {
    return (await readdir(paths.runs)).filter((n) => !isTempName(n) && /^[0-9TZ]+-[0-9a-f]+$/.test(n)).sort();
  } catch {
    return [];
  }
}
