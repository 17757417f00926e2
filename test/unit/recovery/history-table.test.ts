import { describe, expect, it } from 'vitest';
import { newRecord } from '../../../src/record/store.js';
import type { BootVerdict } from '../../../src/bootloader/verdict.js';
import type { RunRecord } from '../../../src/record/types.js';
import type { RunEntry } from '../../../src/recovery/history/read.js';
import { renderReboots, renderRunTable, summarize } from '../../../src/recovery/history/table.js';
import { renderRun } from '../../../src/recovery/history/show.js';
import type { RebootLogEntry } from '../../../src/recovery/reboot/log.js';

function record(id: string, extra: Partial<RunRecord> = {}): RunRecord {
  return { ...newRecord({ id, tool: 'rpm', commandLine: ['-Uvh', 'k.rpm'], root: '/' }), startedAt: '2026-11-27T14:05:12.000Z', host: 'db01', user: 'alice', ...extra };
}

const KERNEL = { name: 'kernel-core', arch: 'x86_64', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside' as const, installOnly: true };
const SAME = { name: 'bash', arch: 'x86_64', before: ['5.2-1'], after: ['5.2-1'], action: 'unchanged' as const, installOnly: false };
const VERDICT: BootVerdict = {
  schema: 'saferpm.boot-verdict/1', safe: false, root: '/', kernelSource: 'none', runningKernelSource: 'unknown', installedKernels: [], entries: [], checks: [], reasons: ['new initramfs missing or empty'],
};

describe('saferpm history: the list', () => {
  const entries: RunEntry[] = [
    { id: '20261127T140512Z-3f9a1c', record: record('20261127T140512Z-3f9a1c', { status: 'succeeded', exitCode: 0, packages: [KERNEL, SAME], boot: { ...VERDICT, safe: true, reasons: [] } }) },
    { id: '20261127T150000Z-000001', record: record('20261127T150000Z-000001', { tool: 'dnf', status: 'interrupted', exitCode: 130, packages: [KERNEL], boot: VERDICT }) },
    { id: '20261127T160000Z-000002', record: record('20261127T160000Z-000002', { status: 'failed', warnings: ['boot check skipped (--no-boot-check): nobody checked'] }) },
    { id: '20261127T170000Z-000003', damaged: 'record.json is not valid JSON (torn or edited)' },
  ];

  it('aligned columns within 80; damaged records are a line that says so', () => {
    expect(renderRunTable(entries)).toEqual([
      'ID                      STARTED (UTC)    TOOL STATUS      EXIT PKGS VERDICT',
      '20261127T140512Z-3f9a1c 2026-11-27 14:05 rpm  succeeded      0    1 safe',
      '20261127T150000Z-000001 2026-11-27 14:05 dnf  interrupted  130    1 UNSAFE',
      '20261127T160000Z-000002 2026-11-27 14:05 rpm  failed         -    0 skipped',
      '20261127T170000Z-000003 DAMAGED: record.json is not valid JSON (torn or edited)',
    ]);
  });

  it('the JSON summary keeps every key, null when unknown', () => {
    expect(summarize(entries[3] as RunEntry)).toEqual({ id: '20261127T170000Z-000003', startedAt: null, tool: null, status: null, exitCode: null, packagesChanged: null, verdict: null, damaged: 'record.json is not valid JSON (torn or edited)' });
    expect(summarize(entries[0] as RunEntry)).toMatchObject({ packagesChanged: 1, verdict: 'safe', damaged: null });
  });

  it('reboots: what happened, past which verdict, by whom, wrapped at 80', () => {
    const base: RebootLogEntry = { schema: 'saferpm.reboot/1', at: '2026-11-27T15:00:00.000Z', host: 'db01', user: 'alice', action: 'reboot', dryRun: false, safe: true, reasons: [], forced: false, note: '/var/lib/saferpm/notes/x.txt', command: ['systemctl', 'reboot'], runId: '20261127T140512Z-3f9a1c' };
    const lines = renderReboots([
      base,
      { ...base, action: 'refused', safe: false, reasons: ['new initramfs missing or empty', 'next boot entry 0 misses files'] },
      { ...base, safe: false, forced: true, reasons: ['new initramfs missing or empty'] },
      { ...base, action: 'reboot-failed', exitCode: 1 },
    ]);
    expect(lines[0]).toBe('2026-11-27 15:00  rebooted: safe, after run 20261127T140512Z-3f9a1c, by alice');
    const flat = lines.join(' ').replace(/\s+/g, ' ');
    expect(flat).toContain('2026-11-27 15:00 refused: UNSAFE (new initramfs missing or empty; next boot entry 0 misses files), after run');
    expect(flat).toContain('2026-11-27 15:00 rebooted FORCED: UNSAFE (new initramfs missing or empty)');
    expect(flat).toContain('2026-11-27 15:00 reboot failed (exit 1): safe');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
  });
});

describe('saferpm history ID', () => {
  it('changes, verdict, note, undo commands with the standby path, warnings; within 80 columns', () => {
    const r = record('20261127T140512Z-3f9a1c', {
      status: 'succeeded', exitCode: 80, runningKernel: '6.1.10-1.x86_64', boot: VERDICT, warnings: ['no standby copy of the installed openssl-3.0.7-1.x86_64'],
      packages: [KERNEL, { name: 'dracut', arch: 'noarch', before: ['1.0-1'], after: ['2.0-1'], action: 'upgraded', installOnly: false, standby: { 'dracut-1.0-1.noarch': '/srv/standby/dracut-1.0-1.noarch.rpm' } }],
      audit: { configBackup: { dir: '/x', files: 2 } },
    });
    const lines = renderRun({ record: r, note: { hostPath: '/var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt', exists: false }, reboots: [], undos: [] });
    const text = lines.join('\n');
    expect(lines[0]).toBe('Run 20261127T140512Z-3f9a1c: succeeded, exit 80');
    expect(text).toContain('  kernel-core.x86_64 6.1.10-1 -> 6.1.10-1, 6.1.12-1 [installed-beside]');
    expect(text).toContain('Boot check\n----------\n  do not reboot: new initramfs missing or empty');
    expect(text.replace(/\s+/g, ' ')).toContain("Recovery note ------------- /var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt (not there: 'saferpm note --run 20261127T140512Z-3f9a1c' writes it)");
    expect(text).toContain('    rpm -Uvh --oldpackage /srv/standby/dracut-1.0-1.noarch.rpm\n    rpm -e kernel-core-6.1.12-1.x86_64\n    saferpm restore 20261127T140512Z-3f9a1c');
    expect(text).toContain('  - no standby copy of the installed openssl-3.0.7-1.x86_64');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });

  it('the safety steps in order, one line each: a skipped step says skip and why, not ok', () => {
    const r = record('20261127T140512Z-3f9a1c', {
      status: 'succeeded', exitCode: 80, boot: VERDICT,
      steps: [
        { name: 'changelogs', phase: 'before', outcome: 'skip', detail: 'not asked for (--changelog)', durationMs: 0 },
        { name: 'standby copies', phase: 'before', outcome: 'pass', durationMs: 12 },
        { name: 'boot check', phase: 'after', outcome: 'warn', detail: 'do not reboot: new initramfs missing or empty, and a reason long enough to wrap the line', durationMs: 40 },
        { name: 'log', phase: 'after', outcome: 'fail', detail: 'no syslog line', durationMs: 3 },
      ],
    });
    const lines = renderRun({ record: r, note: { hostPath: '/n.txt', exists: true }, reboots: [], undos: [] });
    const at = lines.indexOf('Safety steps');
    expect(lines.slice(at, at + 7)).toEqual([
      'Safety steps',
      '------------',
      '  before  skip  changelogs: not asked for (--changelog)',
      '  before  pass  standby copies',
      '  after   WARN  boot check: do not reboot: new initramfs missing or empty, and a',
      '                reason long enough to wrap the line',
      '  after   FAIL  log: no syslog line',
    ]);
    const older = renderRun({ record: record('20261127T140512Z-3f9a1c'), note: { hostPath: '/n.txt', exists: true }, reboots: [], undos: [] });
    expect(older).not.toContain('Safety steps');
  });
});
