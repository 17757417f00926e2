/**
 * rpm killed by a signal in the middle of a kernel install (SIGKILL to the
 * rpm child, as the OOM killer or an admin's kill -9 would), with the real
 * rpm in a temporary root holding the v1 kernel. In %posttrans the new kernel
 * is in the database and its image in /boot, but kernel-install's initramfs
 * and BLS entry were never written: saferpm says rpm was killed (it only
 * said "failed" before this test), the record has the signal, the boot check
 * says do not reboot, the recovery note is written, the lock is released. In %pre nothing was installed: the record says so and no note is
 * owed. Packages: fixtures/specs/kernel-slow-scriptlet.spec.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI, SPECS } from '../helpers/paths.js';
import { installed, rootWith } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

interface Rec {
  status: string;
  exitCode: number;
  commands: { purpose: string; exitCode: number; signal?: string }[];
  packages: { name: string; action: string }[];
  warnings: string[];
  boot?: { safe: boolean; reasons: string[] };
  note?: { path: string; latest?: string };
}

function onlyRecord(root: string): Rec {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  const ids = readdirSync(dir);
  expect(ids).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(dir, ids[0] as string, 'record.json'), 'utf8')) as Rec;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !(await cond()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** saferpm -Uvh of the slow kernel; SIGKILL to its rpm child once the scriptlet `slowin` has started. */
async function killRpmIn(slowin: 'pre' | 'posttrans', root: string): Promise<{ exitCode: number; stderr: string }> {
  const [pkg] = await buildSpec(path.join(SPECS, 'kernel-slow-scriptlet.spec'), { slowin, seconds: '30' });
  const child = execa('node', [DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), pkg as string], { env: { HOME: ensureRpmHome(), LC_ALL: 'C' }, reject: false });
  await until(`the ${slowin} scriptlet`, () => existsSync(path.join(root, `var/tmp/kernel-slow-in-${slowin}`)));
  const rpmPid = (await execa('pgrep', ['-P', String(child.pid), '-x', 'rpm'], { reject: false })).stdout.trim();
  expect(rpmPid, 'the rpm child of saferpm').toMatch(/^\d+$/);
  process.kill(Number(rpmPid), 'SIGKILL');
  const r = await child;
  return { exitCode: r.exitCode ?? -1, stderr: String(r.stderr) };
}

describe.runIf(needTools('rpm', 'rpmbuild', 'pgrep'))('rpm killed by SIGKILL in the middle of a kernel install', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
  });

  it('in %posttrans: recorded as killed, the half-installed kernel found by the boot check (do not reboot), the note written, the lock released', async () => {
    const root = await rootWith(v1.all);
    const r = await killRpmIn('posttrans', root);
    expect(r.stderr).toContain('saferpm: warning: rpm was killed by SIGKILL during the kernels step: that transaction may be half done');
    const rec = onlyRecord(root);
    expect(rec.status).toBe('failed');
    expect(rec.commands.at(-1)).toMatchObject({ purpose: 'kernels', signal: 'SIGKILL' });
    expect(rec.warnings.some((w) => w.startsWith('rpm was killed by SIGKILL'))).toBe(true);
    expect(rec.packages.find((p) => p.name === 'kernel-slow')?.action).toBe('installed'); // in the database: %posttrans runs after it
    expect(rec.boot?.safe).toBe(false);
    expect(rec.boot?.reasons.join(' ')).toMatch(/6\.1\.20-1/);
    // rpm's own status comes first, as a shell reports a process killed by SIGKILL (128 + 9)
    expect(r.exitCode).toBe(137);
    expect(rec.exitCode).toBe(137);
    expect(r.stderr).toMatch(/do not reboot: no entry for 6\.1\.20-1/);
    expect(rec.note?.latest).toBeDefined();
    expect(readFileSync(path.join(root, rec.note?.latest as string), 'utf8')).toMatch(/6\.1\.10-1/);
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
    expect(await installed(root)).toContain(`kernel-core-${kuname('v1')}`);
  });

  it('in %pre: nothing installed, recorded as killed, no note owed, the lock released', async () => {
    const root = await rootWith(v1.all);
    const before = await installed(root);
    const r = await killRpmIn('pre', root);
    expect(r.exitCode).toBe(137);
    const rec = onlyRecord(root);
    expect(rec.status).toBe('failed');
    expect(rec.commands.at(-1)).toMatchObject({ purpose: 'kernels', signal: 'SIGKILL' });
    expect(rec.exitCode).toBe(r.exitCode);
    expect(await installed(root)).toEqual(before);
    expect(rec.note).toBeUndefined();
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
  });
});
