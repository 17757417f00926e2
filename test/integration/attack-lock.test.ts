/**
 * Attack 10 of issue 16 (and the lock's exit code of 11): several runs that
 * start at once over a stale lock (a run killed with SIGKILL leaves one)
 * must end with exactly one holder. Before, a lock was created empty and
 * filled afterwards, and a stale lock was renamed away by name: two holders
 * in 3 of 12 tries. Each try here starts 8 processes that wait on one signal
 * and call acquireLock at the same instant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { REPO } from '../helpers/paths.js';
import { saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const TRIES = 12;
const CONTENDERS = 8;

function start(bundle: string, lock: string, go: string): { child: ChildProcess; out: Promise<string>; ready: Promise<void> } {
  const child = spawn(process.execPath, [bundle, lock, go], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const out = new Promise<string>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('ready')) markReady();
      if (/held|refused/.test(text)) resolve(text);
    });
    child.on('exit', () => resolve(text));
  });
  return { child, out, ready };
}

describe('attack: many runs over a stale lock', () => {
  it(`${TRIES} tries of ${CONTENDERS} processes at once over a stale lock: exactly one holder each time`, async () => {
    const bundle = path.join(tempDir('saferpm-lock-bundle-'), 'contender.mjs');
    await build({ entryPoints: [path.join(REPO, 'test/helpers/lock-contender.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
    const holders: number[] = [];
    for (let t = 0; t < TRIES; t++) {
      const dir = tempDir('saferpm-lock-');
      const lock = path.join(dir, 'lock');
      // a lock left by a run that died: a pid that does not run with that start time
      writeFileSync(lock, JSON.stringify({ pid: 999999, startTime: '1', command: 'saferpm -Uvh (killed)', since: '2026-01-01T00:00:00Z' }) + '\n', { mode: 0o600 });
      const go = path.join(dir, 'go');
      const all = Array.from({ length: CONTENDERS }, () => start(bundle, lock, go));
      await Promise.all(all.map((c) => c.ready));
      writeFileSync(go, '');
      const outs = await Promise.all(all.map((c) => c.out));
      for (const c of all) c.child.kill('SIGKILL');
      holders.push(outs.filter((o) => o.includes('held')).length);
      expect(outs.filter((o) => !/held|refused another saferpm run holds the lock/.test(o))).toEqual([]);
    }
    expect(holders).toEqual(Array(TRIES).fill(1));
  }, 300_000);
});

describe.runIf(needTools('rpm', 'rpmbuild', 'mount') && needRoot('mounting a tmpfs on the state folder'))('the lock on a full state folder', () => {
  it('exits 74 (I/O error, disk full) as README says, naming the lock', async () => {
    const { userland } = await buildRelease('v1');
    const root = tempRoot();
    const state = path.join(root, 'var/lib/saferpm');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    const mount = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', state], { reject: false });
    if (mount.exitCode !== 0) throw new Error(`cannot mount a tmpfs here: ${mount.stderr}`);
    try {
      for (const d of ['runs', 'notes']) mkdirSync(path.join(state, d), { mode: 0o700 });
      try {
        for (let i = 0; ; i++) writeFileSync(path.join(state, `filler-${i}`), Buffer.alloc(16 * 1024));
      } catch {
        /* ENOSPC: full, which is the point */
      }
      const r = await saferpm(['-Uvh', '--root', root, ...userland]);
      expect(r.stderr).toMatch(/lock: cannot create the lock: .*(no space|ENOSPC)/i);
      expect(r.exitCode, r.stderr).toBe(EXIT.IOERR);
    } finally {
      await execa('umount', [state], { reject: false });
    }
  });
});

