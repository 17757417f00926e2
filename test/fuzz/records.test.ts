/**
 * Run records read back (src/record/check.ts): parseRunRecord gives a record
 * or a ParseError inside the text, and a record it accepts can be shown by
 * every reader without an exception: 'saferpm history' (the table and one
 * run), the recovery note, and the undo plan. Seeds: records built from the
 * note fixtures (fixtures/recovery/notes: boot sections and package changes)
 * and holding real boot verdicts (checkBoot on the roots of fixtures/boot),
 * as saferpm writes them (indented JSON), mutated; any text.
 */
import fc from 'fast-check';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBoot } from '../../src/bootloader/index.js';
import { parseRunRecord, recordProblem } from '../../src/record/check.js';
import { newRecord } from '../../src/record/store.js';
import type { RunRecord } from '../../src/record/types.js';
import { renderRunTable } from '../../src/recovery/history/table.js';
import { renderRun } from '../../src/recovery/history/show.js';
import { isBootVerdict } from '../../src/recovery/note/boot-read.js';
import { noteBootFromVerdict } from '../../src/recovery/note/boot.js';
import { isNoteBoot, noteInputFromRecord } from '../../src/recovery/note/model.js';
import { renderNote } from '../../src/recovery/note/render.js';
import { undoArgv, undoPlan } from '../../src/recovery/note/undo.js';
import { decideUndo, saferpmSteps } from '../../src/recovery/undo/steps.js';
import { parseOrParseError } from './support/contract.js';
import { filesUnder, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { anyText } from './support/text.js';
import { FIXTURES } from '../helpers/paths.js';

const ID = '20261127T140512Z-3f9a1c';

/** A record as a finished run writes it, around a note fixture's packages and boot section. */
function recordFrom(note: Record<string, unknown>): RunRecord {
  return {
    ...newRecord({ id: ID, tool: 'rpm', commandLine: ['-Uvh', 'kernel-core-6.1.12-1.x86_64.rpm'], root: '/' }),
    status: 'succeeded',
    finishedAt: '2026-11-27T14:06:40.000Z',
    runningKernel: '6.1.10-1.x86_64',
    commands: [{ argv: ['rpm', '-ivh', '--', 'kernel-core-6.1.12-1.x86_64.rpm'], purpose: 'kernels', exitCode: 0, startedAt: '2026-11-27T14:05:13.000Z', durationMs: 812, problems: [] }],
    packages: note.packages as RunRecord['packages'],
    ...(note.boot ? { boot: note.boot as RunRecord['boot'] } : {}),
    note: { path: '/var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt', latest: '/var/lib/saferpm/notes/latest.txt' },
    increments: [{ packages: ['kernel-core-6.1.12-1.x86_64'], status: 'applied' }],
    warnings: ['boot check skipped (--no-boot-check)'],
    steps: [
      { name: 'standby copies', phase: 'before', outcome: 'warn', detail: 'no standby copy of 1 of 1 replaced packages', durationMs: 14 },
      { name: 'boot check', phase: 'after', outcome: 'skip', detail: 'turned off (--no-boot-check)', durationMs: 0 },
    ],
    exitCode: 0,
  };
}

const notes = texts(filesUnder(path.join(FIXTURES, 'recovery/notes')).filter((f) => f.endsWith('.json'))).map((t) => JSON.parse(t) as Record<string, unknown>);
const records = notes.map(recordFrom);
const seeds: string[] = [];

beforeAll(async () => {
  const roots = ['grub2-bls-healthy', 'broken-new-initramfs-missing', 'lilo-healthy', 'extlinux-healthy', 'grub-legacy-healthy'];
  for (const name of roots) {
    const boot = await checkBoot({ root: path.join(FIXTURES, 'boot/roots', name), runningKernel: '6.1.10-1.x86_64' });
    records.push({ ...(records[0] as RunRecord), boot });
  }
  seeds.push(...records.map((r) => `${JSON.stringify(r, null, 2)}\n`));
});

/** Everything that reads a record: none may throw on one the check accepted. */
function showEverywhere(r: RunRecord): void {
  renderRunTable([{ id: r.id, record: r }]);
  renderRun({ record: r, note: { hostPath: '/var/lib/saferpm/notes/x.txt', exists: false }, reboots: [], undos: [] });
  const boot = isNoteBoot(r.boot) ? r.boot : isBootVerdict(r.boot) ? noteBootFromVerdict(r.boot) : undefined;
  renderNote(noteInputFromRecord(r, { ...(boot ? { boot } : {}), now: new Date('2026-11-27T15:00:00Z') }));
  const plan = undoPlan(r.packages);
  undoArgv(plan);
  saferpmSteps(decideUndo(r.packages, [], { existing: new Set(), skipMissing: true }).plan, { root: '/' });
}

describe('run records read back', () => {
  it('the seeds are records the check accepts and every reader shows', () => {
    expect(records.length).toBeGreaterThan(8);
    expect(records.filter((r) => isBootVerdict(r.boot))).toHaveLength(5);
    for (const s of seeds) showEverywhere(parseRunRecord(s, 'record.json', ID));
  });

  it('a record, or a ParseError inside the text; an accepted record is shown by history, the note and undo', () => {
    fuzz('run record', [fc.oneof(mutated(seeds), anyText)], (t) => {
      const r = parseOrParseError(t, (x) => parseRunRecord(x, 'record.json', ID));
      if (r.ok) showEverywhere(r.value);
    });
  });

  it('values of every JSON type put in every field of a record', () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const path = fc.constantFrom('id', 'tool', 'status', 'startedAt', 'finishedAt', 'commandLine', 'commands', 'packages', 'warnings', 'boot', 'note', 'increments', 'exitCode', 'signal', 'runningKernel', 'user', 'host', 'root', 'plan', 'audit', 'steps');
    const inner = fc.constantFrom('name', 'arch', 'before', 'after', 'action', 'installOnly', 'standby', 'target', 'file', 'argv', 'exitCode', 'problems', 'purpose', 'packages', 'status',
      'phase', 'outcome', 'detail', 'durationMs', 'entries', 'findings', 'verdict', 'loader', 'configFile', 'defaultEntry', 'defaultFrom', 'safe', 'reasons', 'checks', 'nextBoot', 'fallback', 'newEntry', 'default', 'bootPrefix', 'blsDir', 'envFile');
    fuzz('run record fields', [fc.nat(records.length - 1), path, fc.option(inner, { nil: undefined }), json], (k, key, sub, value) => {
      const r = structuredClone(records[k]) as unknown as Record<string, unknown>;
      const target = r[key];
      if (sub !== undefined && Array.isArray(target) && typeof target[0] === 'object' && target[0] !== null) (target[0] as Record<string, unknown>)[sub] = value;
      else if (sub !== undefined && typeof target === 'object' && target !== null) (target as Record<string, unknown>)[sub] = value;
      else r[key] = value;
      // as read back: the sections without their shape are left out (src/record/check-sections.ts)
      if (recordProblem(r, ID) === undefined) showEverywhere(parseRunRecord(JSON.stringify(r), 'record.json', ID));
    });
  });
});
