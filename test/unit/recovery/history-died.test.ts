import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuns } from '../../../src/recovery/history/read.js';
import { renderRunTable } from '../../../src/recovery/history/table.js';
import { newRecord } from '../../../src/record/store.js';
import { processStartTime } from '../../../src/state/lock.js';
import { tempDir } from '../../helpers/roots.js';

function stateWith(ids: string[]): { runs: string; lock: string; dir: string; notes: string } {
  const dir = tempDir();
  const paths = { dir, runs: path.join(dir, 'runs'), notes: path.join(dir, 'notes'), lock: path.join(dir, 'lock') };
  for (const id of ids) {
    mkdirSync(path.join(paths.runs, id), { recursive: true });
    writeFileSync(path.join(paths.runs, id, 'record.json'), JSON.stringify(newRecord({ id, tool: 'rpm', commandLine: ['-Uvh', 'x.rpm'], root: '/' })));
  }
  return paths;
}

describe('history of a run killed outright', () => {
  it('shows a record left at "running" as died when no live saferpm holds the lock', async () => {
    const paths = stateWith(['20261127T100000Z-aaaaaa', '20261127T110000Z-bbbbbb']);
    const table = renderRunTable(await readRuns(paths)).join('\n');
    expect(table.match(/ died /g)).toHaveLength(2);
  });

  it('keeps the newest as running while a live saferpm holds the lock', async () => {
    const paths = stateWith(['20261127T100000Z-aaaaaa', '20261127T110000Z-bbbbbb']);
    writeFileSync(paths.lock, JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid), command: 'saferpm -Uvh', since: '' }));
    const rows = renderRunTable(await readRuns(paths));
    expect(rows[1]).toMatch(/ died /);
    expect(rows[2]).toMatch(/ running /);
  });
});
