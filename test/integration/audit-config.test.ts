/**
 * Configuration backup, report and restore around a real `rpm -Uvh` of the
 * fake openssh-server (fixtures/specs/openssh-server.spec): /etc/ssh/sshd_config
 * is %config(noreplace), /etc/ssh/moduli plain %config.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backupConfigFiles } from '../../src/audit/config-backup.js';
import { reportConfigChanges } from '../../src/audit/config-report.js';
import { restoreFromBackup } from '../../src/audit/restore.js';
import { EXIT, StateError } from '../../src/errors.js';
import { ensureRpmHome, releasePair } from '../helpers/build-rpms.js';
import { rpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild');
const canMount = run && probeMount();

/** A small tmpfs is the honest way to get a full or read-only folder when tests run as root (root ignores modes). */
function probeMount(): boolean {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('SKIPPED: cannot mount a tmpfs here (needs root); the full/read-only backup folder tests do not run');
    return false;
  } finally {
    rmdirSync(dir);
  }
}

async function withTmpfs(dir: string, options: string, body: () => Promise<void>): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  try {
    await body();
  } finally {
    execFileSync('umount', [dir]);
  }
}
let v1 = '';
let v2 = '';

beforeAll(async () => {
  if (!run) return;
  process.env.HOME = ensureRpmHome();
  ({ v1, v2 } = await releasePair('openssh-server-'));
});

async function installedRoot(): Promise<{ root: string; backup: string; rpmInv: { binary: string; globalArgs: string[] } }> {
  const root = tempRoot();
  const r = await rpm(root, ['-Uvh', v1]);
  expect(r.exitCode).toBe(0);
  return { root, backup: path.join(root, 'var/lib/saferpm-test-backup'), rpmInv: { binary: 'rpm', globalArgs: ['--root', root] } };
}

const at = (root: string, p: string): string => path.join(root, p);

describe.runIf(run)('configuration backup around rpm -Uvh', () => {
  it('reports .rpmnew for a changed noreplace file, .rpmsave for a changed plain %config, and restores the admin\'s file', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    writeFileSync(at(root, 'etc/ssh/sshd_config'), 'PermitRootLogin no\n# admin\n');
    chmodSync(at(root, 'etc/ssh/sshd_config'), 0o640);
    writeFileSync(at(root, 'etc/ssh/moduli'), '# admin moduli\n');

    const manifest = await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup });
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['/etc/ssh/moduli', '/etc/ssh/sshd_config']);
    expect(manifest.files.every((f) => f.kind === 'file' && f.locallyModified === true)).toBe(true);
    expect((statSync(backup).mode & 0o777).toString(8)).toBe('700');
    expect(statSync(path.join(backup, 'files/etc/ssh/sshd_config')).mode & 0o777).toBe(0o600);

    expect((await rpm(root, ['-Uvh', v2])).exitCode).toBe(0);
    const report = await reportConfigChanges({ root, manifest, rpm: rpmInv });
    const by = Object.fromEntries(report.map((r) => [r.path, r]));
    expect(by['/etc/ssh/sshd_config']).toMatchObject({ outcome: 'kept-rpmnew', rpmnew: '/etc/ssh/sshd_config.rpmnew', noreplace: true, packageAfter: 'openssh-server-2.0-1.noarch' });
    expect(by['/etc/ssh/moduli']).toMatchObject({ outcome: 'replaced', rpmsave: '/etc/ssh/moduli.rpmsave', locallyModified: true });
    expect(readFileSync(at(root, 'etc/ssh/moduli.rpmsave'), 'utf8')).toBe('# admin moduli\n');

    writeFileSync(at(root, 'etc/ssh/sshd_config'), 'PermitRootLogin yes\n'); // someone changes it after the run
    const restored = await restoreFromBackup({ root, dir: backup, files: ['/etc/ssh/sshd_config'] });
    expect(restored).toEqual([expect.objectContaining({ path: '/etc/ssh/sshd_config', action: 'restored' })]);
    expect(readFileSync(at(root, 'etc/ssh/sshd_config'), 'utf8')).toBe('PermitRootLogin no\n# admin\n');
    expect(statSync(at(root, 'etc/ssh/sshd_config')).mode & 0o7777).toBe(0o640);
    expect(readFileSync(restored[0]?.previous as string, 'utf8')).toBe('PermitRootLogin yes\n');
    expect((await restoreFromBackup({ root, dir: backup, files: ['/etc/ssh/sshd_config'] }))[0]?.action).toBe('already-current');
  });

  it('reports files removed by an erase, with .rpmsave for the one the admin had changed', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    writeFileSync(at(root, 'etc/ssh/moduli'), '# admin moduli\n');
    const manifest = await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup });
    expect(manifest.files.map((f) => [f.path, f.locallyModified])).toEqual([['/etc/ssh/moduli', true], ['/etc/ssh/sshd_config', false]]);
    expect((await rpm(root, ['-e', 'openssh-server'])).exitCode).toBe(0);
    const report = await reportConfigChanges({ root, manifest, rpm: rpmInv });
    expect(report.map((r) => [r.path, r.outcome, r.packageAfter, r.rpmsave])).toEqual([
      ['/etc/ssh/moduli', 'removed', undefined, '/etc/ssh/moduli.rpmsave'],
      ['/etc/ssh/sshd_config', 'removed', undefined, undefined],
    ]);
  });

  it('records a symlinked config as a link, a deleted one as missing, and keeps owner and times', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    const { chownSync, rmSync, symlinkSync, utimesSync, readlinkSync } = await import('node:fs');
    rmSync(at(root, 'etc/ssh/moduli'));
    rmSync(at(root, 'etc/ssh/sshd_config'));
    writeFileSync(at(root, 'etc/ssh/sshd_config.local'), 'Port 2222\n');
    symlinkSync('sshd_config.local', at(root, 'etc/ssh/sshd_config'));
    const manifest = await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup });
    expect(manifest.files.map((f) => [f.path, f.kind, f.linkTarget])).toEqual([
      ['/etc/ssh/moduli', 'missing', undefined],
      ['/etc/ssh/sshd_config', 'symlink', 'sshd_config.local'],
    ]);
    rmSync(at(root, 'etc/ssh/sshd_config'));
    writeFileSync(at(root, 'etc/ssh/sshd_config'), 'replaced\n');
    expect(await restoreFromBackup({ root, dir: backup })).toEqual([
      { path: '/etc/ssh/moduli', action: 'skipped', reason: 'it did not exist before the run' },
      expect.objectContaining({ path: '/etc/ssh/sshd_config', action: 'restored' }),
    ]);
    expect(readlinkSync(at(root, 'etc/ssh/sshd_config'))).toBe('sshd_config.local');

    // owner and times: the copy keeps the times; a restore puts owner, mode and times back
    const root2 = await installedRoot();
    chownSync(at(root2.root, 'etc/ssh/moduli'), 65534, 65534);
    utimesSync(at(root2.root, 'etc/ssh/moduli'), new Date('2020-01-02T03:04:05Z'), new Date('2021-02-03T04:05:06Z'));
    const m2 = await backupConfigFiles({ root: root2.root, rpm: root2.rpmInv, packages: ['openssh-server'], dir: root2.backup });
    expect(m2.files[0]?.meta).toMatchObject({ uid: 65534, gid: 65534, mtimeMs: Date.parse('2021-02-03T04:05:06Z') });
    expect(statSync(path.join(root2.backup, 'files/etc/ssh/moduli')).mtimeMs).toBe(Date.parse('2021-02-03T04:05:06Z'));
    writeFileSync(at(root2.root, 'etc/ssh/moduli'), 'other\n');
    chownSync(at(root2.root, 'etc/ssh/moduli'), 0, 0);
    await restoreFromBackup({ root: root2.root, dir: root2.backup, files: ['/etc/ssh/moduli'] });
    const st = statSync(at(root2.root, 'etc/ssh/moduli'));
    expect([st.uid, st.gid, st.mode & 0o7777, st.mtimeMs, st.atimeMs]).toEqual([65534, 65534, 0o644, Date.parse('2021-02-03T04:05:06Z'), Date.parse('2020-01-02T03:04:05Z')]);
  });

  it('never writes through a symlink planted in the backup folder', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    const { symlinkSync } = await import('node:fs');
    const victim = path.join(root, 'victim');
    writeFileSync(victim, 'untouched\n');
    mkdirSync(path.join(backup, 'files/etc/ssh'), { recursive: true, mode: 0o700 });
    symlinkSync(victim, path.join(backup, 'files/etc/ssh/sshd_config'));
    const err = await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message).toMatch(/\/etc\/ssh\/sshd_config: cannot back up to .*files\/etc\/ssh\/sshd_config: already exists/);
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');

    const other = await installedRoot();
    mkdirSync(path.join(other.backup, 'files'), { recursive: true, mode: 0o700 });
    symlinkSync(path.join(other.root, 'tmp-elsewhere'), path.join(other.backup, 'files/etc'));
    const err2 = await backupConfigFiles({ root: other.root, rpm: other.rpmInv, packages: ['openssh-server'], dir: other.backup }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/files\/etc: is a symbolic link; saferpm will not write through it/);
  });

  it('refuses to restore from a copy that does not match the manifest, and restores nothing', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    writeFileSync(at(root, 'etc/ssh/moduli'), '# admin moduli\n');
    await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup });
    writeFileSync(at(root, 'etc/ssh/moduli'), '# changed later\n');
    writeFileSync(at(root, 'etc/ssh/sshd_config'), '# changed later\n');
    writeFileSync(path.join(backup, 'files/etc/ssh/sshd_config'), 'PermitRootLogin yes\n');
    const err = await restoreFromBackup({ root, dir: backup }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect(String((err as Error).message)).toMatch(/files\/etc\/ssh\/sshd_config: backup of \/etc\/ssh\/sshd_config does not verify/);
    expect(readFileSync(at(root, 'etc/ssh/moduli'), 'utf8')).toBe('# changed later\n');
  });

  it.runIf(canMount)('stops with a StateError before anything changed when the backup folder is full', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    writeFileSync(at(root, 'etc/ssh/sshd_config'), 'x'.repeat(200_000));
    const before = readFileSync(at(root, 'etc/ssh/sshd_config'));
    await withTmpfs(backup, 'size=64k,mode=0700', async () => {
      const err = await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateError);
      expect((err as StateError).exitCode).toBe(EXIT.IOERR);
      expect((err as Error).message).toMatch(/not enough space for the configuration backup: needs 2000\d\d bytes/);
      expect(existsSync(path.join(backup, 'manifest.json'))).toBe(false);
    });
    expect(readFileSync(at(root, 'etc/ssh/sshd_config')).equals(before)).toBe(true);
  });

  it.runIf(canMount)('stops with a StateError when the backup folder is read-only', async () => {
    const { root, backup, rpmInv } = await installedRoot();
    await withTmpfs(backup, 'size=1m,mode=0700,ro', async () => {
      const err = await backupConfigFiles({ root, rpm: rpmInv, packages: ['openssh-server'], dir: backup }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateError);
      expect((err as Error).message).toBe(`${path.join(backup, 'files')}: cannot create: read-only file system`);
    });
  });
});
