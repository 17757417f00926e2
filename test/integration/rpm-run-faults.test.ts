/**
 * Running rpm: the lock, SIGINT/SIGTERM while rpm runs, and failures rpm
 * reports while exiting 0. Real rpm, real signals, temporary roots.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { DIST_CLI, SPECS } from '../helpers/paths.js';
import { installed, saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

function records(root: string): { status: string; exitCode: number; signal?: string; commands: { exitCode: number; signal?: string; durationMs: number; problems: string[] }[] }[] {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  return readdirSync(dir).sort().map((id) => JSON.parse(readFileSync(path.join(dir, id, 'record.json'), 'utf8')));
}

/** Command lines of live processes that mention `text` (other than this test's own). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid).flatMap((p) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      return cmd.includes(text) ? [cmd] : [];
    } catch {
      return [];
    }
  });
}

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.runIf(needTools('rpm', 'rpmbuild'))('running rpm', () => {
  it('refuses a second run on the same root while the first holds the lock', async () => {
    const [slow] = await buildSpec(path.join(SPECS, 'slow-scriptlet.spec'), { seconds: '4' });
    const [other] = await buildSpec(path.join(SPECS, 'failing-scriptlet.spec'));
    const root = tempRoot();
    const first = execa('node', [DIST_CLI, '-Uvh', '--root', root, slow as string], { env: { HOME: ensureRpmHome() }, reject: false });
    await waitFor(() => existsSync(path.join(root, 'var/lib/saferpm/lock')));
    const second = await saferpm(['-Uvh', '--root', root, other as string]);
    expect(second.exitCode).toBe(75);
    expect(second.stderr).toMatch(/another saferpm run holds the lock .*var\/lib\/saferpm\/lock \(pid \d+/);
    expect((await first).exitCode).toBe(0);
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
    expect(await installed(root)).toEqual(['slow-scriptlet-1.0-1.noarch']);
  });

  it('takes over a stale lock left by a run that died', async () => {
    const [pkg] = await buildSpec(path.join(SPECS, 'failing-scriptlet.spec'));
    const root = tempRoot();
    const first = execa('node', [DIST_CLI, '-Uvh', '--root', root, (await buildSpec(path.join(SPECS, 'slow-scriptlet.spec'), { seconds: '4' }))[0] as string], { env: { HOME: ensureRpmHome() }, reject: false });
    await waitFor(() => existsSync(path.join(root, 'var/lib/saferpm/lock')));
    first.kill('SIGKILL'); // a crash: the lock stays behind
    await first;
    // rpm itself (its child) may still finish its transaction; wait until rpm's own lock is free
    await new Promise((r) => setTimeout(r, 4500));
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(true);
    const r = await saferpm(['-Uvh', '--root', root, pkg as string]);
    expect(r.stderr).not.toMatch(/holds the lock/);
    expect(await installed(root)).toContain('failing-scriptlet-1.0-1.noarch');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while rpm runs: forwarded, rpm waited for, run recorded as interrupted, lock released`, async () => {
      const [slow] = await buildSpec(path.join(SPECS, 'slow-scriptlet.spec'), { seconds: '3' });
      const root = tempRoot();
      const child = execa('node', [DIST_CLI, '-Uvh', '--root', root, slow as string], { env: { HOME: ensureRpmHome() }, reject: false });
      await waitFor(() => existsSync(path.join(root, 'var/lib/rpm/rpmdb.sqlite')) && existsSync(path.join(root, 'var/lib/saferpm/lock')));
      await new Promise((r) => setTimeout(r, 300));
      child.kill(signal);
      const r = await child;
      expect(r.exitCode).toBe(signal === 'SIGINT' ? 130 : 143);
      const [rec] = records(root);
      expect(rec?.status).toBe('interrupted');
      expect(rec?.signal).toBe(signal);
      expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
      // no rpm left running on this root (read from /proc: procps may not be installed)
      expect(processesMentioning(root)).toEqual([]);
    });
  }

  it('SIGTERM while a scriptlet runs longer than 5 s: rpm is never escalated to SIGKILL, it finishes the scriptlet', async () => {
    // execa's default sends SIGKILL 5 s after a forwarded SIGTERM: rpm killed inside its transaction,
    // the half-done state saferpm exists to prevent. rpm defers SIGTERM to a safe point itself.
    const [slow] = await buildSpec(path.join(SPECS, 'slow-scriptlet.spec'), { seconds: '8' });
    const root = tempRoot();
    const child = execa('node', [DIST_CLI, '-Uvh', '--root', root, slow as string], { env: { HOME: ensureRpmHome() }, reject: false, forceKillAfterDelay: false });
    await waitFor(() => processesMentioning(root).some((c) => c.startsWith('rpm -Uvh') && !c.includes('--test')), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(143);
    const [rec] = records(root);
    const transaction = rec?.commands.at(-1);
    expect(transaction?.signal).not.toBe('SIGKILL');
    expect(transaction?.durationMs).toBeGreaterThan(7000);
    expect(processesMentioning(root)).toEqual([]);
  }, 30_000);

  it('a %post that fails while rpm exits 0 is surfaced: warning, record, exit 81', async () => {
    const [pkg] = await buildSpec(path.join(SPECS, 'failing-scriptlet.spec'));
    const root = tempRoot();
    const r = await saferpm(['-Uvh', '--root', root, pkg as string]);
    expect(r.exitCode).toBe(81);
    // rpm 4.18 says 'error: lua script failed: [string "%post(NEVRA)"]...' for a Lua scriptlet, 'scriptlet failed' for a shell one
    expect(r.stderr).toMatch(/saferpm: warning: rpm reported: .*(lua script failed|scriptlet failed).*%post\(failing-scriptlet-1\.0-1\.noarch\)/);
    const [rec] = records(root);
    expect(rec?.commands[0]?.exitCode).toBe(0);
    expect(rec?.commands[0]?.problems.join('\n')).toMatch(/%post\(failing-scriptlet-1\.0-1\.noarch\)/);
    expect(rec?.exitCode).toBe(81);
  });
});
