/**
 * The trial's files in the state folder: ROOT/var/lib/saferpm/trial/
 * current.json (the trial in progress; its presence is what
 * saferpm-trial-fallback.service tests), <id>.json (finished trials) and
 * excluded.json (kernels that fell back). Written atomically, mode 0600.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, SaferpmError } from '../errors.js';
import { parseJsonText } from '../json-text.js';
import { isTempName, writeFileAtomic } from '../state/atomic.js';
import { ensureSecureDir, STATE_DIR, type StatePaths } from '../state/dirs.js';
import { EXCLUDED_SCHEMA, TRIAL_SCHEMA, type ExcludedKernel, type ExcludedList, type Trial } from './model.js';

/** As seen from inside the root (the fallback unit's ConditionPathExists=). */
export const TRIAL_DIR = `${STATE_DIR}/trial`;
export const CURRENT_TRIAL = `${TRIAL_DIR}/current.json`;
export const EXCLUDED_FILE = `${TRIAL_DIR}/excluded.json`;

export function trialDir(paths: StatePaths): string {
  return path.join(paths.dir, 'trial');
}

function parseTrial(text: string, file: string): Trial {
  const v = parseJsonText(text, file, 'the trial state is not valid JSON') as Partial<Trial>;
  if (v?.schema !== TRIAL_SCHEMA || typeof v.id !== 'string' || typeof v.kernel !== 'string' || !Array.isArray(v.steps) || !v.trialEntry) {
    throw new SaferpmError(`${file}: not a ${TRIAL_SCHEMA} trial state`, EXIT.DATAERR, `look at it, remove the trial entry it names (saferpm-trial-*) from /boot by hand, then move it aside: mv ${file} ${file}.bad`);
  }
  return v as Trial;
}

export async function readCurrentTrial(paths: StatePaths): Promise<Trial | undefined> {
  const file = path.join(trialDir(paths), 'current.json');
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  });
  return text === undefined ? undefined : parseTrial(text, file);
}

export async function saveCurrentTrial(paths: StatePaths, t: Trial): Promise<void> {
  await ensureSecureDir(trialDir(paths));
  await writeFileAtomic(path.join(trialDir(paths), 'current.json'), JSON.stringify(t, null, 2) + '\n', { mode: 0o600 });
}

/** A finished trial leaves current.json for <id>.json: written first, then current.json goes. */
export async function finishTrial(paths: StatePaths, t: Trial): Promise<void> {
  await ensureSecureDir(trialDir(paths));
  await writeFileAtomic(path.join(trialDir(paths), `${t.id}.json`), JSON.stringify(t, null, 2) + '\n', { mode: 0o600 });
  await unlink(path.join(trialDir(paths), 'current.json')).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

/** Every trial, finished ones by id and the one in progress last. Unreadable files are skipped and counted. */
export async function listTrials(paths: StatePaths): Promise<{ trials: Trial[]; unreadable: number }> {
  const dir = trialDir(paths);
  const names = await readdir(dir).catch(() => [] as string[]);
  const trials: Trial[] = [];
  let unreadable = 0;
  const files = names.filter((n) => n.endsWith('.json') && !isTempName(n) && n !== 'excluded.json' && n !== 'current.json').sort();
  if (names.includes('current.json')) files.push('current.json');
  for (const n of files) {
    try {
      trials.push(parseTrial(await readFile(path.join(dir, n), 'utf8'), path.join(dir, n)));
    } catch {
      unreadable++;
    }
  }
  return { trials, unreadable };
}

export async function readExcluded(paths: StatePaths): Promise<ExcludedKernel[]> {
  const file = path.join(trialDir(paths), 'excluded.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const v = parseJsonText(text, file, 'the list of excluded kernels is not valid JSON') as Partial<ExcludedList>;
  if (v?.schema !== EXCLUDED_SCHEMA || !Array.isArray(v.kernels)) throw new SaferpmError(`${file}: not a ${EXCLUDED_SCHEMA} list`, EXIT.DATAERR);
  return v.kernels;
}

export async function writeExcluded(paths: StatePaths, kernels: ExcludedKernel[]): Promise<void> {
  await ensureSecureDir(trialDir(paths));
  const list: ExcludedList = { schema: EXCLUDED_SCHEMA, kernels };
  await writeFileAtomic(path.join(trialDir(paths), 'excluded.json'), JSON.stringify(list, null, 2) + '\n', { mode: 0o600 });
}

