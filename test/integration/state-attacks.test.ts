/**
 * saferpm runs as root and writes into its state folder, /boot and --report
 * files. A symlink or hard link planted there by another user must never make
 * it overwrite or expose another file; a state folder with an unsafe owner or
 * mode is refused. Real runs with the real rpm on temporary roots.
 */
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { installed, rootWith, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const VICTIM = 'the victim file: must never change\n';

describe.runIf(needTools('rpm', 'rpmbuild'))('attacks on the state folder', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  let v2: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
  });

  async function rootWithV1(): Promise<{ root: string; victim: string }> {
    const root = await rootWith(v1.all);
    const victim = path.join(root, 'victim');
    writeFileSync(victim, VICTIM, { mode: 0o600 });
    return { root, victim };
  }
  const kernelRun = (root: string, extra: string[] = []) => saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...extra, ...v2.all]);

  it('a symlink in place of the state folder: refused (77), nothing installed, target untouched', async () => {
    const { root } = await rootWithV1();
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(path.join(root, 'var/lib'), { recursive: true });
    symlinkSync(elsewhere, path.join(root, 'var/lib/saferpm'));
    const before = await installed(root);
    const r = await kernelRun(root);
    expect(r.exitCode).toBe(77);
    expect(r.stderr).toMatch(/var\/lib\/saferpm: is a symbolic link; saferpm will not write through it/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(await installed(root)).toEqual(before);
  });

  it('a state folder writable by others: refused (77)', async () => {
    const { root } = await rootWithV1();
    const state = path.join(root, 'var/lib/saferpm');
    mkdirSync(state, { recursive: true });
    chmodSync(state, 0o777);
    const open = await kernelRun(root);
    expect(open.exitCode).toBe(77);
    expect(open.stderr).toMatch(/writable by group or others \(mode 777\)/);
  });

  it.runIf(needRoot('giving the state folder to another user'))('a state folder owned by another user: refused (77)', async () => {
    const { root } = await rootWithV1();
    const state = path.join(root, 'var/lib/saferpm');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    chownSync(state, 65534, 65534);
    const foreign = await kernelRun(root);
    expect(foreign.exitCode).toBe(77);
    expect(foreign.stderr).toMatch(/is owned by uid 65534/);
  });

  it('links planted at the note paths, the lock and --report are replaced, never written through', async () => {
    const { root, victim } = await rootWithV1();
    const state = path.join(root, 'var/lib/saferpm');
    mkdirSync(path.join(state, 'notes'), { recursive: true, mode: 0o700 });
    chmodSync(state, 0o700);
    symlinkSync(victim, path.join(state, 'RECOVERY.txt'));
    linkSync(victim, path.join(root, 'boot/saferpm-recovery.txt'));
    symlinkSync(victim, path.join(state, 'lock'));
    const report = path.join(root, 'report.json');
    symlinkSync(victim, report);
    const r = await kernelRun(root, ['--report', report]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
    expect(statSync(victim).mode & 0o777).toBe(0o600);
    for (const p of [path.join(state, 'RECOVERY.txt'), path.join(root, 'boot/saferpm-recovery.txt'), report]) {
      expect(lstatSync(p).isSymbolicLink()).toBe(false);
      expect(readFileSync(p, 'utf8')).not.toBe(VICTIM);
    }
    expect(readFileSync(path.join(state, 'RECOVERY.txt'), 'utf8')).toMatch(/SAFERPM RECOVERY NOTE/);
    expect(JSON.parse(readFileSync(report, 'utf8')).status).toBe('succeeded');
  });

  it('keeps records, notes and configuration backups readable by root only', async () => {
    const { root } = await rootWithV1();
    writeFileSync(path.join(root, 'etc/ssh/sshd_config'), 'PermitRootLogin no # secret-ish\n');
    expect((await kernelRun(root)).exitCode).toBe(0);
    const state = path.join(root, 'var/lib/saferpm');
    const modes: string[] = [];
    const walk = (p: string): void => {
      const st = lstatSync(p);
      modes.push(`${path.relative(state, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
    };
    walk(state);
    const loose = modes.filter((m) => !/ (700|600)$/.test(m));
    expect(loose).toEqual([]);
    expect(modes.some((m) => m.includes('config-backup/'))).toBe(true);
  });
});
