/** --report FILE: the run record as JSON, written atomically (never through a planted symlink). */
import path from 'node:path';
import { writeFileAtomic } from '../state/atomic.js';
import type { RunRecord } from '../record/types.js';

export async function writeReport(file: string, record: RunRecord): Promise<void> {
  await writeFileAtomic(path.resolve(file), JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
}
