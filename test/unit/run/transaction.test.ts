/**
 * The run pipeline (src/run/transaction.ts) with the in-memory output and
 * fake safety steps: the order of the steps around the transaction, a run
 * refused by a required step, a failure of a step that is not required,
 * record.steps with every outcome, and which exit code wins
 * (src/run/exit-code.ts). No rpm: the view has no packages, so nothing is
 * queried after the transaction.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, RefusedError } from '../../../src/errors.js';
import { memoryOutput } from '../../../src/output/output.js';
import { loadRecord } from '../../../src/record/store.js';
import { statePaths } from '../../../src/state/dirs.js';
import { skipStep, warnStep, passStep, type RunState } from '../../../src/run/state.js';
import { runTransaction } from '../../../src/run/transaction.js';
import { tempDir } from '../../helpers/roots.js';
import { command, execute, fakeStep, spec } from './support.js';

const outcomes = (run: RunState) => (run.record.steps ?? []).map((s) => [s.name, s.phase, s.outcome, s.detail ?? '']);

describe('the run pipeline: order', () => {
  it('before-steps in order, then the transaction, then the after-steps in order; the record on disk says so', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const out = memoryOutput();
    const safety = [
      fakeStep(calls, 'a', { before: true, after: true }),
      fakeStep(calls, 'b', { after: true }),
      fakeStep(calls, 'c', { required: true, before: true }),
    ];
    const run = await runTransaction(spec(root, out, execute(calls)), safety);
    expect(calls).toEqual(['a:before', 'c:before', 'execute', 'a:after', 'b:after']);
    expect(outcomes(run)).toEqual([['a', 'before', 'pass', ''], ['c', 'before', 'pass', ''], ['a', 'after', 'pass', ''], ['b', 'after', 'pass', '']]);
    expect(run.record).toMatchObject({ status: 'succeeded', exitCode: EXIT.OK, tool: 'rpm', commandLine: ['-Uvh', 'a.rpm'] });
    expect(run.record.steps?.every((s) => Number.isInteger(s.durationMs) && s.durationMs >= 0)).toBe(true);
    const saved = await loadRecord(await statePaths(root), run.record.id);
    expect(saved.steps).toEqual(run.record.steps);
    expect(saved.plan).toEqual(run.record.plan);
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false); // released
  });

  it('the steps see the run at their moment: before-steps before the transaction started, after-steps with its status', async () => {
    const root = tempDir('saferpm-run-');
    const seen: string[] = [];
    const calls: string[] = [];
    const safety = [fakeStep(calls, 'watch', {
      before: (run) => void seen.push(`before: started=${run.started} status=${run.record.status}`),
      after: (run) => void seen.push(`after: started=${run.started} status=${run.record.status}`),
    })];
    await runTransaction(spec(root, memoryOutput(), execute(calls)), safety);
    expect(seen).toEqual(['before: started=false status=running', 'after: started=true status=succeeded']);
  });
});

describe('the run pipeline: a required step refuses', () => {
  it('stops before the transaction: its exit code, the refused() hooks, no execute, no after-steps, the report written', async () => {
    const root = tempDir('saferpm-run-');
    const report = path.join(tempDir('saferpm-report-'), 'report.json');
    const calls: string[] = [];
    const out = memoryOutput();
    const safety = [
      fakeStep(calls, 'first', { before: true, after: true }),
      fakeStep(calls, 'standby', { required: true, before: () => { throw new RefusedError('no standby copy of the installed a-1-1.x86_64'); } }),
      fakeStep(calls, 'later', { before: true, after: true }),
      fakeStep(calls, 'log', { after: true, refused: true }),
      fakeStep(calls, 'mail', { refused: () => { throw new Error('no mail server'); } }),
    ];
    const s = spec(root, out, execute(calls), { report });
    await expect(runTransaction(s, safety)).rejects.toThrow('no standby copy of the installed a-1-1.x86_64');
    expect(calls).toEqual(['first:before', 'standby:before', 'log:refused', 'mail:refused']);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written).toMatchObject({ status: 'refused', exitCode: EXIT.REFUSED });
    expect(written.warnings).toContain('stopped before the transaction: standby: no standby copy of the installed a-1-1.x86_64');
    const [id] = (await import('node:fs')).readdirSync(path.join(root, 'var/lib/saferpm/runs'));
    const saved = await loadRecord(await statePaths(root), id as string);
    expect(saved.status).toBe('refused');
    expect(saved.steps?.map((st) => [st.name, st.phase, st.outcome, st.detail ?? ''])).toEqual([
      ['first', 'before', 'pass', ''],
      ['standby', 'before', 'fail', 'no standby copy of the installed a-1-1.x86_64'],
      ['log', 'refused', 'pass', ''],
      ['mail', 'refused', 'fail', 'no mail server'],
    ]);
    // a refused() hook that fails is a warning, said and kept
    expect(saved.warnings).toContain('mail: no mail server');
    expect(out.stderr).toContain('saferpm: warning: mail: no mail server');
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
  });

  it('an error without an exit code refuses with EXIT.CANTCREAT (a backup that cannot be written)', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const safety = [fakeStep(calls, 'configuration backup', { required: true, before: () => { throw new Error('ENOSPC'); } })];
    const report = path.join(tempDir('saferpm-report-'), 'report.json');
    await expect(runTransaction(spec(root, memoryOutput(), execute(calls), { report }), safety)).rejects.toThrow('ENOSPC');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ status: 'refused', exitCode: EXIT.CANTCREAT });
    expect(calls).toEqual(['configuration backup:before']);
  });
});

describe('the run pipeline: a step that is not required fails', () => {
  it('is a warning on the terminal and in the record, and the run goes on', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const out = memoryOutput();
    const safety = [
      fakeStep(calls, 'snapshot', { before: () => { throw new Error('cannot read /proc'); }, after: true }),
      fakeStep(calls, 'integrity', { after: () => { throw new Error('rpm -V failed'); } }),
      fakeStep(calls, 'summary', { after: true }),
    ];
    const run = await runTransaction(spec(root, out, execute(calls)), safety);
    expect(calls).toEqual(['snapshot:before', 'execute', 'snapshot:after', 'integrity:after', 'summary:after']);
    expect(run.record.warnings).toEqual(['snapshot: cannot read /proc', 'integrity: rpm -V failed']);
    expect(out.stderr).toEqual(['saferpm: warning: snapshot: cannot read /proc', 'saferpm: warning: integrity: rpm -V failed']);
    expect(outcomes(run)).toEqual([
      ['snapshot', 'before', 'fail', 'cannot read /proc'], ['snapshot', 'after', 'pass', ''], ['integrity', 'after', 'fail', 'rpm -V failed'], ['summary', 'after', 'pass', ''],
    ]);
    expect(run.record).toMatchObject({ status: 'succeeded', exitCode: EXIT.OK });
  });
});

describe('the run pipeline: record.steps', () => {
  it('pass, warn, skip and fail as the steps report them, a skip is no pass', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const safety = [
      fakeStep(calls, 'changelogs', { before: () => skipStep('not asked for (--changelog)') }),
      fakeStep(calls, 'standby copies', { required: true, before: () => warnStep('no standby copy of 1 of 2 replaced packages') }),
      fakeStep(calls, 'boot check', { after: () => passStep('safe to reboot') }),
      fakeStep(calls, 'note', { after: () => { throw new Error('read-only /boot'); } }),
    ];
    const run = await runTransaction(spec(root, memoryOutput(), execute(calls)), safety);
    expect(outcomes(run)).toEqual([
      ['changelogs', 'before', 'skip', 'not asked for (--changelog)'],
      ['standby copies', 'before', 'warn', 'no standby copy of 1 of 2 replaced packages'],
      ['boot check', 'after', 'pass', 'safe to reboot'],
      ['note', 'after', 'fail', 'read-only /boot'],
    ]);
    expect(calls).toContain('execute'); // a required step that warns does not refuse
  });

  it('the terminal phase ends as before for pass and fail (a warn too), and says skip for a skip', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const ends: string[] = [];
    const out = { ...memoryOutput(), phase: (name: string) => (result?: string) => void ends.push(`${name}: ${result ?? 'ok'}`) };
    const safety = [
      fakeStep(calls, 'changelogs', { before: () => skipStep('not asked for (--changelog)') }),
      fakeStep(calls, 'standby copies', { before: () => warnStep('no standby copy') }),
      fakeStep(calls, 'snapshot', { before: () => { throw new Error('no /proc'); } }),
      fakeStep(calls, 'summary', { after: true }),
    ];
    await runTransaction(spec(root, out, execute(calls)), safety);
    expect(ends).toEqual(['changelogs: skip', 'standby copies: ok', 'snapshot: fail', 'summary: ok']);
  });

  it('a signal during the before-steps: the rest are skipped as interrupted, no transaction, the after-steps still run', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const safety = [
      fakeStep(calls, 'snapshot', { before: (run) => { run.guard.signal = 'SIGINT'; }, after: true }),
      fakeStep(calls, 'configuration backup', { required: true, before: true }),
    ];
    const run = await runTransaction(spec(root, memoryOutput(), execute(calls)), safety);
    expect(calls).toEqual(['snapshot:before', 'snapshot:after']);
    expect(outcomes(run)).toEqual([
      ['snapshot', 'before', 'pass', ''], ['configuration backup', 'before', 'skip', 'not started: interrupted by SIGINT'], ['snapshot', 'after', 'pass', ''],
    ]);
    expect(run.record).toMatchObject({ status: 'interrupted', signal: 'SIGINT', exitCode: EXIT.INTERRUPTED_INT });
  });
});

describe('the run pipeline: which exit code wins', () => {
  type Case = { name: string; commands: ReturnType<typeof command>[]; signal?: NodeJS.Signals; override?: number; recordError?: boolean; status: string; exit: number };
  const cases: Case[] = [
    { name: 'SIGTERM over everything', commands: [command(1, ['error: x'])], signal: 'SIGTERM', override: EXIT.BOOT_UNSAFE, recordError: true, status: 'interrupted', exit: EXIT.INTERRUPTED_TERM },
    { name: 'SIGINT over everything', commands: [command(1)], signal: 'SIGINT', override: EXIT.BOOT_UNSAFE, status: 'interrupted', exit: EXIT.INTERRUPTED_INT },
    { name: "rpm's own failure over the boot check and the record", commands: [command(0), command(2, ['error: a conflicts with b'], 'kernels')], override: EXIT.BOOT_UNSAFE, recordError: true, status: 'failed', exit: 2 },
    { name: 'a package that does not verify is bad input', commands: [command(1, ['a.rpm: digest: SHA256 does not verify: BAD'])], override: EXIT.BOOT_UNSAFE, status: 'failed', exit: EXIT.DATAERR },
    { name: 'the boot check over the record and the problems', commands: [command(0, ['warning: %post(a) scriptlet failed, exit status 1'])], override: EXIT.BOOT_UNSAFE, recordError: true, status: 'succeeded', exit: EXIT.BOOT_UNSAFE },
    { name: 'a record that could not be saved over the problems', commands: [command(0, ['warning: %post(a) scriptlet failed, exit status 1'])], recordError: true, status: 'succeeded', exit: EXIT.IOERR },
    { name: 'problems rpm reported while exiting 0', commands: [command(0, ['warning: %post(a) scriptlet failed, exit status 1'])], status: 'succeeded', exit: EXIT.RPM_PROBLEMS },
    { name: 'nothing wrong', commands: [command(0)], status: 'succeeded', exit: EXIT.OK },
  ];

  it.each(cases)('$name: $exit', async (c) => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const safety = [fakeStep(calls, 'boot check', {
      after: (run) => {
        if (c.override !== undefined) run.exitOverride = c.override;
        if (c.recordError) run.recordError = 'record.json: cannot write: no space left on device';
      },
    })];
    const run = await runTransaction(spec(root, memoryOutput(), execute(calls, c.commands, (r) => { if (c.signal) r.guard.signal = c.signal; })), safety);
    expect(run.record.status).toBe(c.status);
    expect(run.record.exitCode).toBe(c.exit);
    const saved = await loadRecord(await statePaths(root), run.record.id);
    expect(saved.exitCode).toBe(c.exit);
  });

  it('a transaction that never started: refused, exit 0, the after-steps run', async () => {
    const root = tempDir('saferpm-run-');
    const calls: string[] = [];
    const run = await runTransaction(spec(root, memoryOutput(), execute(calls, [])), [fakeStep(calls, 'note', { after: true })]);
    expect(calls).toEqual(['execute', 'note:after']);
    expect(run.record).toMatchObject({ status: 'refused', exitCode: EXIT.OK });
  });
});
