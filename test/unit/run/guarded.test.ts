/**
 * The guarded run's own decisions, for any driver: what a dry run prints and
 * reports, that saferpm's refusal and the tool's gate stop the run before
 * the transaction, that a signal during the preparation or the gate means
 * "interrupted, nothing changed" (130/143), and that the patch plan's policy
 * reaches the transaction. The driver here is a test driver: it records what
 * the guarded run asks of it. Real rpm and dnf drive it in test/integration.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, RefusedError } from '../../../src/errors.js';
import { makeContext } from '../../../src/context.js';
import { memoryOutput } from '../../../src/output/output.js';
import type { Driver, GuardedOptions, Planned, Stop } from '../../../src/run/driver.js';
import { guardedRun } from '../../../src/run/guarded.js';
import type { RunRecord } from '../../../src/record/types.js';
import type { RunState } from '../../../src/run/state.js';

let root: string;
let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'saferpm-guarded-'));
  root = path.join(work, 'root');
  mkdirSync(root, { mode: 0o755 });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const view = { replaced: [], incoming: [], before: [], names: [], installOnlyNames: [], kernelNames: [] };

/** A driver whose plan is `planned`; `calls` says what the guarded run asked of it, in order. */
function driver(planned: Partial<Planned>, options: Partial<GuardedOptions> = {}, prepare?: () => Promise<void>) {
  const calls: string[] = [];
  const p: Planned = {
    plan: { command: 'upgrade', argv: ['upgrade'], unresolved: { kind: 'unknown-command', command: 'upgrade' } },
    warnings: ['a warning of the plan'],
    text: (dryRun) => `the plan${dryRun ? ' (dry run)' : ''}`,
    view,
    async execute(run: RunState) {
      calls.push(`execute requireStandby=${run.options.requireStandby}`);
    },
    ...planned,
  };
  const d: Driver = {
    tool: 'dnf',
    commandLine: ['upgrade'],
    ctx: makeContext({ root, runningKernel: '6.1.10-1.x86_64' }),
    options: { dryRun: false, changesNothing: false, changelog: false, requireStandby: false, noBootCheck: true, ...options },
    async prepare() {
      calls.push('prepare');
      await prepare?.();
      return { kind: 'planned', planned: p };
    },
  };
  return { d, calls };
}

const report = () => JSON.parse(readFileSync(path.join(work, 'report.json'), 'utf8')) as RunRecord;
const runs = () => {
  try {
    return readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  } catch {
    return [];
  }
};

describe('the guarded run', () => {
  it('a dry run prints the plan on stdout, reports it as planned with its warnings, and records nothing', async () => {
    const out = memoryOutput();
    const { d, calls } = driver({}, { dryRun: true, report: path.join(work, 'report.json') });
    expect(await guardedRun(d, out, [])).toBe(EXIT.OK);
    expect(out.stdout).toEqual(['the plan (dry run)']);
    expect(calls).toEqual(['prepare']);
    expect(report()).toMatchObject({ status: 'planned', exitCode: 0, warnings: ['a warning of the plan'], runningKernel: '6.1.10-1.x86_64' });
    expect(runs()).toEqual([]);
  });

  it("a dry run of a plan saferpm refuses exits 79 after printing it; a real run throws the refusal before the gate", async () => {
    const refusal = { message: 'the last kernel would go; nothing was changed', hint: 'add --saferpm-allow-fewer-kernels' };
    const dry = driver({ refusal }, { dryRun: true, report: path.join(work, 'report.json') });
    expect(await guardedRun(dry.d, memoryOutput(), [])).toBe(EXIT.REFUSED);
    expect(report()).toMatchObject({ status: 'refused', exitCode: EXIT.REFUSED });
    const gate = async () => { throw new Error('the gate must not run'); };
    const real = driver({ refusal, gate }, { report: path.join(work, 'report.json') });
    const out = memoryOutput();
    await expect(guardedRun(real.d, out, [])).rejects.toThrow(RefusedError);
    expect(out.stderr).toEqual(['saferpm: the plan']);
    expect(report()).toMatchObject({ status: 'refused', exitCode: EXIT.REFUSED });
    expect(real.calls).toEqual(['prepare']);
  });

  it("the tool's gate can stop the run: its status and exit code are the run's, the transaction never starts", async () => {
    const stop: Stop = { status: 'refused', exitCode: 1, warnings: ['answered no'] };
    const { d, calls } = driver({ gate: async () => stop }, { report: path.join(work, 'report.json') });
    expect(await guardedRun(d, memoryOutput(), [])).toBe(1);
    expect(calls).toEqual(['prepare']);
    expect(report()).toMatchObject({ status: 'refused', exitCode: 1, warnings: ['a warning of the plan', 'answered no'] });
    expect(runs()).toEqual([]);
  });

  it('a signal while the request is read: interrupted (143), nothing run, the attempt recorded', async () => {
    const out = memoryOutput();
    const { d, calls } = driver({}, {}, async () => {
      process.emit('SIGTERM', 'SIGTERM');
    });
    expect(await guardedRun(d, out, [])).toBe(EXIT.INTERRUPTED_TERM);
    expect(calls).toEqual(['prepare']);
    expect(out.stderr).toContain('saferpm: interrupted while resolving: nothing was changed');
    const [id] = runs();
    const record = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', id as string, 'record.json'), 'utf8')) as RunRecord;
    expect(record).toMatchObject({ status: 'interrupted', signal: 'SIGTERM', exitCode: EXIT.INTERRUPTED_TERM });
  });

  it('a signal during the gate wins over what the gate says: interrupted (130), not refused', async () => {
    const { d, calls } = driver({
      async gate() {
        process.emit('SIGINT', 'SIGINT');
        return { status: 'refused', exitCode: 1 };
      },
    }, { report: path.join(work, 'report.json') });
    expect(await guardedRun(d, memoryOutput(), [])).toBe(EXIT.INTERRUPTED_INT);
    expect(calls).toEqual(['prepare']);
    expect(report()).toMatchObject({ status: 'interrupted', signal: 'SIGINT' });
  });

  it('nothing to do is handed to the tool, whose exit code is the run\'s', async () => {
    const { d, calls } = driver({ handOver: async () => 7 });
    expect(await guardedRun(d, memoryOutput(), [])).toBe(7);
    expect(calls).toEqual(['prepare']);
  });

  it("the patch plan's require_standby reaches the transaction, read once for the run", async () => {
    mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(root, 'etc/saferpm/plan.toml'), '[policy]\nrequire_standby = true\n', { mode: 0o644 });
    const { d, calls } = driver({});
    await guardedRun(d, memoryOutput(), []);
    expect(calls).toEqual(['prepare', 'execute requireStandby=true']);
  });
});
