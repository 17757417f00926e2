import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecord, saveRecord } from '../../../src/record/store.js';
import { latestRun, readRuns } from '../../../src/recovery/history/read.js';
import { appendRebootLog, readRebootLog, rebootLogFile } from '../../../src/recovery/reboot/log.js';
import { newUndoLog, readUndoLogs, saveUndoLog } from '../../../src/recovery/undo/log.js';
import { ensureStateDirs, statePaths } from '../../../src/state/dirs.js';
import { tempDir } from '../../helpers/roots.js';

async function state(): Promise<Awaited<ReturnType<typeof statePaths>>> {
  const paths = await statePaths(tempDir());
  await ensureStateDirs(paths);
  return paths;
}

const entry = { action: 'reboot' as const, dryRun: false, safe: true, reasons: [], forced: false, note: '/var/lib/saferpm/notes/x.txt', command: ['systemctl', 'reboot'] };

describe('reboots.log', () => {
  it('appends whole lines, oldest first; a line that is not an entry is counted, not fatal', async () => {
    const paths = await state();
    await appendRebootLog(paths, entry, new Date('2026-11-27T15:00:00.000Z'));
    appendFileSync(rebootLogFile(paths), '{"torn": tr');
    await appendRebootLog(paths, { ...entry, action: 'refused', safe: false, reasons: ['x'] }, new Date('2026-11-27T16:00:00.000Z'));
    const { entries, unreadable } = await readRebootLog(paths);
    expect(entries.map((e) => [e.at, e.action])).toEqual([['2026-11-27T15:00:00.000Z', 'reboot'], ['2026-11-27T16:00:00.000Z', 'refused']]);
    expect(unreadable).toBe(1);
  });

  it('no log yet: no entries', async () => {
    expect(await readRebootLog(await state())).toEqual({ entries: [], unreadable: 0 });
  });
});

describe('reading run records for history', () => {
  it('a missing, torn or foreign record.json is damaged with the reason; the others read', async () => {
    const paths = await state();
    const good = newRecord({ id: '20261127T140000Z-000001', tool: 'rpm', commandLine: [], root: '/' });
    mkdirSync(path.join(paths.runs, good.id), { mode: 0o700 });
    await saveRecord(paths, good);
    mkdirSync(path.join(paths.runs, '20261127T150000Z-000002'));
    mkdirSync(path.join(paths.runs, '20261127T160000Z-000003'));
    writeFileSync(path.join(paths.runs, '20261127T160000Z-000003/record.json'), '{"schema": "saferpm.run/1", "id": "2026');
    mkdirSync(path.join(paths.runs, '20261127T170000Z-000004'));
    writeFileSync(path.join(paths.runs, '20261127T170000Z-000004/record.json'), '{"hello": "world"}');
    const runs = await readRuns(paths);
    expect(runs.map((r) => [r.id, r.record ? 'ok' : r.damaged])).toEqual([
      ['20261127T140000Z-000001', 'ok'],
      ['20261127T150000Z-000002', 'record.json is missing (the run stopped before its first save?)'],
      ['20261127T160000Z-000003', 'record.json is not valid JSON (torn or edited)'],
      ['20261127T170000Z-000004', 'record.json is not a saferpm.run/1 record for this run'],
    ]);
    expect((await latestRun(paths))?.id).toBe('20261127T170000Z-000004');
  });

  it('undo logs are kept per attempt and read back', async () => {
    const paths = await state();
    const dir = path.join(paths.runs, '20261127T140000Z-000001');
    mkdirSync(dir, { mode: 0o700 });
    const log = { ...newUndoLog('20261127T140000Z-000001', new Date('2026-11-27T15:00:00.000Z')), steps: [{ kind: 'erase' as const, argv: ['-e', 'k'], exitCode: 0 }], exitCode: 0 };
    await saveUndoLog(dir, log);
    expect(await readUndoLogs(dir)).toEqual([log]);
  });
});
