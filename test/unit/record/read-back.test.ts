/**
 * A run record read back from disk (src/record/check.ts, check-sections.ts):
 * the typed sections (plan, boot, audit, steps) are kept when they have their
 * shape and left out when they do not, so history, the note and undo never
 * meet a section of the wrong type; the rest of the record stays readable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '../../../src/record/check.js';
import { newRecord } from '../../../src/record/store.js';
import type { RunRecord } from '../../../src/record/types.js';
import { readRunEntry } from '../../../src/recovery/history/read.js';
import { renderRun } from '../../../src/recovery/history/show.js';
import { tempDir } from '../../helpers/roots.js';

const ID = '20261127T140512Z-3f9a1c';
const SHA = 'a'.repeat(64);

function text(extra: Record<string, unknown>): string {
  const r: RunRecord = { ...newRecord({ id: ID, tool: 'rpm', commandLine: ['-Uvh', 'k.rpm'], root: '/' }), status: 'succeeded' };
  return JSON.stringify({ ...r, ...extra }, null, 2);
}

const read = (extra: Record<string, unknown>): RunRecord => parseRunRecord(text(extra), 'record.json', ID);

const VERDICT = { schema: 'saferpm.boot-verdict/1', safe: false, root: '/', kernelSource: 'none', runningKernelSource: 'unknown', installedKernels: [], entries: [], checks: [], reasons: ['no initramfs'] };
const RPM_PLAN = { mode: 'upgrade', packages: [], steps: [{ purpose: 'userland', mode: 'upgrade', packages: ['a.rpm'], args: ['-U', 'a.rpm'], why: 'as asked' }], erase: { nevras: [], notes: [] }, warnings: [] };
const UNRESOLVED = { command: 'swap', argv: ['swap', 'a', 'b'], unresolved: { kind: 'unknown-command', command: 'swap' } };
const NOTE_BOOT = { loader: 'grub2', configFile: '/boot/grub2/grub.cfg', defaultFrom: 'first', entries: [], findings: [], verdict: 'unsafe', bootIsSeparate: false };
const STEP = { name: 'boot check', phase: 'after', outcome: 'skip', detail: 'no kernel or boot-critical package changed', durationMs: 0 };

describe('a run record read back', () => {
  it('keeps the sections that have their shape', () => {
    const r = read({ plan: RPM_PLAN, boot: VERDICT, audit: { configBackup: { dir: '/x', files: 2 }, summary: ['Run x'] }, steps: [STEP] });
    expect(r.plan).toEqual(RPM_PLAN);
    expect(r.boot).toEqual(VERDICT);
    expect(r.audit).toEqual({ configBackup: { dir: '/x', files: 2 }, summary: ['Run x'] });
    expect(r.steps).toEqual([STEP]);
    expect(read({ plan: UNRESOLVED }).plan).toEqual(UNRESOLVED);
  });

  it('keeps a note boot section (a record written for saferpm note), leaves out a boot section that is neither', () => {
    expect(read({ boot: NOTE_BOOT }).boot).toEqual(NOTE_BOOT);
    expect(read({ boot: { ...NOTE_BOOT, findings: [{ level: 'required', title: 't', text: 'x' }] } }).boot).toBeUndefined();
    expect(read({ boot: { ...VERDICT, reasons: false } }).boot).toBeUndefined();
    expect(read({ boot: { ...VERDICT, checks: [{ level: 'required', title: 't', finding: 'f' }] } }).boot).toBeUndefined();
  });

  it('leaves out a plan of no known shape, and audit sections one by one', () => {
    expect(read({ plan: { mode: 'upgrade' } }).plan).toBeUndefined();
    expect(read({ plan: 'upgrade' }).plan).toBeUndefined();
    const r = read({ audit: { configBackup: { dir: '/x', files: '2' }, standby: { 'a-1-1.x86_64': null }, integrity: [null], surprise: 1 } });
    expect(r.audit).toEqual({ standby: { 'a-1-1.x86_64': null } });
    expect(read({ audit: [] }).audit).toBeUndefined();
  });

  it('keeps the well-formed standby digests only (undo checks each copy against its own)', () => {
    const r = read({ audit: { standbyDigests: { '/good.rpm': { sha256: SHA, nevra: 'a-1-1.x86_64' }, '/bad.rpm': { sha256: 'x', nevra: 'a' }, '/none.rpm': null } } });
    expect(r.audit?.standbyDigests).toEqual({ '/good.rpm': { sha256: SHA, nevra: 'a-1-1.x86_64' } });
  });

  it('leaves out a steps list with a step of the wrong shape; the record stays readable', () => {
    for (const bad of [[{ ...STEP, outcome: 'ok' }], [{ ...STEP, durationMs: '3' }], [{ ...STEP, phase: 'during' }], { ...STEP }, [null]]) {
      const r = read({ steps: bad, warnings: ['kept'] });
      expect(r.steps).toBeUndefined();
      expect(r.warnings).toEqual(['kept']);
    }
  });

  it('a damaged record is still refused as before, whatever its sections', () => {
    expect(() => parseRunRecord(text({ packages: [null], boot: VERDICT }), 'record.json', ID)).toThrow(/"packages\[0\]" that is not an object/);
  });
});

describe("history's reading of a record", () => {
  it('comes through the same check: a boot section of no known shape is no verdict, not a crash of history ID', async () => {
    const dir = tempDir('saferpm-state-');
    const paths = { dir, runs: path.join(dir, 'runs'), notes: path.join(dir, 'notes'), lock: path.join(dir, 'lock') };
    mkdirSync(path.join(paths.runs, ID), { recursive: true });
    writeFileSync(path.join(paths.runs, ID, 'record.json'), text({ boot: { safe: true, reasons: 'none' }, steps: [STEP] }));
    const entry = await readRunEntry(paths, ID);
    expect(entry.damaged).toBeUndefined();
    expect(entry.record?.boot).toBeUndefined();
    expect(entry.record?.steps).toEqual([STEP]);
    const lines = renderRun({ record: entry.record as RunRecord, note: { hostPath: '/n.txt', exists: true }, reboots: [], undos: [] });
    expect(lines.join('\n')).toContain('Boot check\n----------\n  not run: no kernel or boot-critical package changed');
  });
});
