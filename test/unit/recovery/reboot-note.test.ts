import { describe, expect, it } from 'vitest';
import type { BootVerdict } from '../../../src/bootloader/index.js';
import { newRecord } from '../../../src/record/store.js';
import { renderBootCopy, renderNote } from '../../../src/recovery/note/render.js';
import { preflightJson, preflightLines } from '../../../src/recovery/reboot/preflight.js';
import { rebootNoteInput } from '../../../src/recovery/reboot/note.js';

const OLD = '6.1.10-1.x86_64';
const NEW = '6.1.12-1.x86_64';
const NOW = new Date('2026-11-27T15:00:00.000Z');

/** A boot check of a machine whose new kernel lost its initramfs (no configuration read: the note falls back to generic steps). */
const VERDICT: BootVerdict = {
  schema: 'saferpm.boot-verdict/1', safe: false, root: '/r', kernel: NEW, kernelSource: 'newest-installed', runningKernel: OLD, runningKernelSource: 'option',
  installedKernels: [OLD, NEW], entries: [], reasons: ['new initramfs missing or empty'],
  checks: [
    { id: 'config', title: 'Boot loader configuration found and read', level: 'required', status: 'pass', finding: '/boot/loader/entries: 2 entries' },
    { id: 'new-initrd', title: "The new kernel's initramfs exists and is not empty", level: 'required', status: 'fail', finding: `/boot/initramfs-${NEW}.img is missing`, reason: 'new initramfs missing or empty' },
  ],
};

describe('the note before a reboot', () => {
  it('no run recorded: says so, names the kernels, gives no undo commands', async () => {
    const input = await rebootNoteInput({ root: '/r', verdict: VERDICT, commandLine: ['reboot', '--dry-run'], now: NOW });
    expect(input).toMatchObject({ runId: 'reboot-20261127T150000Z', noRun: 'no saferpm run is recorded on this machine', runningKernel: OLD, newKernels: [NEW], commandLine: 'saferpm reboot --dry-run', packages: [] });
    const note = renderNote(input);
    expect(note).toContain('  Run:        none: no saferpm run is recorded on this machine\n');
    expect(note).toContain('No saferpm run to undo');
    expect(note).not.toMatch(/rpm -e|saferpm restore/);
    expect(renderBootCopy(input)).not.toMatch(/Undo this run:|saferpm restore/);
  });

  it('the latest record damaged: the note says which and why', async () => {
    const input = await rebootNoteInput({ root: '/r', verdict: VERDICT, commandLine: ['reboot'], now: NOW, latest: { id: '20261127T140512Z-3f9a1c', damaged: 'record.json is not valid JSON (torn or edited)' } });
    expect(renderNote(input).replace(/\s+/g, ' ')).toContain('none: the latest run record (20261127T140512Z-3f9a1c) is damaged: record.json is not valid JSON');
  });

  it("with a run: the run's note, and the live running kernel when the record has none", async () => {
    const record = { ...newRecord({ id: '20261127T140512Z-3f9a1c', tool: 'rpm', commandLine: ['-Uvh', 'k.rpm'], root: '/r' }), status: 'succeeded' as const };
    const input = await rebootNoteInput({ root: '/r', verdict: VERDICT, commandLine: ['reboot'], latest: { id: record.id, record } });
    expect(input.runId).toBe(record.id);
    expect(input.noRun).toBeUndefined();
    expect(input.runningKernel).toBe(OLD);
  });
});

describe('saferpm preflight', () => {
  const latestNote = { path: '/var/lib/saferpm/RECOVERY.txt', hostPath: '/r/var/lib/saferpm/RECOVERY.txt', exists: true };

  it('--json: every key present, unknown values null', () => {
    const j = preflightJson({ verdict: { ...VERDICT, kernel: undefined, runningKernel: undefined }, latestNote });
    expect(j).toEqual({
      schema: 'saferpm.preflight/1', root: '/r', safe: false, verdict: 'unsafe', reasons: ['new initramfs missing or empty'],
      kernels: { running: null, runningSource: 'option', new: null, newSource: 'newest-installed' },
      bootLoader: { type: null, config: null },
      checks: [
        { id: 'config', title: 'Boot loader configuration found and read', level: 'required', status: 'pass', finding: '/boot/loader/entries: 2 entries', reason: null },
        { id: 'new-initrd', title: "The new kernel's initramfs exists and is not empty", level: 'required', status: 'fail', finding: `/boot/initramfs-${NEW}.img is missing`, reason: 'new initramfs missing or empty' },
      ],
      latestRun: null,
      note: { exists: false, path: null, hostPath: null },
      latestNote: { exists: true, path: '/var/lib/saferpm/RECOVERY.txt', hostPath: '/r/var/lib/saferpm/RECOVERY.txt' },
    });
  });

  it('a damaged latest run is named with the reason, in JSON and text', () => {
    const latest = { id: '20261127T140512Z-3f9a1c', damaged: 'record.json is missing' };
    expect(preflightJson({ verdict: VERDICT, latest, latestNote }).latestRun).toEqual({ id: latest.id, status: null, exitCode: null, startedAt: null, damaged: 'record.json is missing' });
    expect(preflightLines({ verdict: VERDICT, latest, latestNote })).toContain('latest run:     20261127T140512Z-3f9a1c (damaged: record.json is missing)');
  });
});
