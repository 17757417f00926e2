/**
 * A whole saferpm run on a temporary root with the real rpm: one report
 * covering the boot verdict, configuration files, integrity and changelogs,
 * the backup that makes `saferpm restore` work, and the boot verdict deciding
 * the exit code.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { SPECS } from '../helpers/paths.js';
import { installed, rootWith, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { treeFingerprint } from '../helpers/tree.js';
import { needRoot, needTools } from '../helpers/tools.js';

type Rec = { id: string; status: string; exitCode: number; boot?: { safe: boolean; reasons: string[] }; note?: { path: string; latest?: string; boot?: string }; audit?: Record<string, unknown>; warnings: string[] };

function onlyRecord(root: string): Rec {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  const ids = readdirSync(dir);
  expect(ids).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(dir, ids[0] as string, 'record.json'), 'utf8')) as Rec;
}

describe.runIf(needTools('rpm', 'rpmbuild'))('one saferpm run, one report', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  let v2: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
  });

  it('reports .rpmnew and .rpmsave, keeps a verified backup, and saferpm restore brings the admin\'s file back', async () => {
    const root = await rootWith(v1.all);
    writeFileSync(path.join(root, 'etc/ssh/sshd_config'), '# edited by the admin\nPermitRootLogin no\n');
    writeFileSync(path.join(root, 'etc/ssh/moduli'), '# admin moduli\n');
    const ssh = v2.userland.find((f) => path.basename(f).startsWith('openssh-server')) as string;
    const r = await saferpm(['-Uvh', '--root', root, '--changelog', ssh]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Changelogs \(entries newer than the installed version\):[\s\S]*openssh-server 1\.0-1 -> 2\.0-1/);
    expect(r.stderr).toMatch(/Configuration files:[\s\S]*\/etc\/ssh\/sshd_config: kept your version; the new default is \/etc\/ssh\/sshd_config\.rpmnew/);
    expect(r.stderr).toMatch(/\/etc\/ssh\/moduli: replaced by openssh-server-2\.0-1\.noarch; your version is in \/etc\/ssh\/moduli\.rpmsave/);
    const rec = onlyRecord(root);
    const files = rec.audit?.configFiles as { path: string; outcome: string }[];
    expect(files.find((f) => f.path === '/etc/ssh/sshd_config')?.outcome).toBe('kept-rpmnew');
    expect(files.find((f) => f.path === '/etc/ssh/moduli')?.outcome).toBe('replaced');
    const backupDir = path.join(root, 'var/lib/saferpm/runs', rec.id, 'config-backup');
    expect(JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')).files.length).toBeGreaterThanOrEqual(2);
    // the admin's moduli is now in .rpmsave and the package's in place: restore puts the admin's back
    const restored = await saferpm(['restore', rec.id, '/etc/ssh/moduli', '--root', root]);
    expect(restored.exitCode, restored.stderr).toBe(0);
    expect(readFileSync(path.join(root, 'etc/ssh/moduli'), 'utf8')).toBe('# admin moduli\n');
  });

  it('reports a setuid bit the new version adds, before everything else of the integrity report', async () => {
    const root = await rootWith(v1.all);
    const [setuid] = await buildSpec(path.join(SPECS, 'openssh-server.spec'), { uver: '2.0', setuid: '1' });
    const r = await saferpm(['-Uvh', '--root', root, setuid as string]);
    expect(r.exitCode, r.stderr).toBe(0);
    const integrity = onlyRecord(root).audit?.integrity as { path: string; security: boolean }[];
    expect(integrity[0]).toMatchObject({ path: '/usr/libexec/openssh/ssh-keysign', security: true });
    expect(r.stderr).toMatch(/Integrity:[\s\S]*\/usr\/libexec\/openssh\/ssh-keysign/);
  });

  it('a kernel install ends with the verdict and the note; an initramfs never generated means exit 80', async () => {
    const root = await rootWith(v1.all);
    const good = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2.all]);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stderr).toMatch(/Boot check:[\s\S]*safe to reboot/);
    const rec = onlyRecord(root);
    expect(rec.boot?.safe).toBe(true);
    for (const p of [rec.note?.path, rec.note?.latest, rec.note?.boot]) expect(p && existsSync(path.join(root, p))).toBe(true);
    // boot verdict first in the summary
    const summary = (rec.audit?.summary as string[]).join('\n');
    expect(summary.indexOf('Boot check:')).toBeLessThan(summary.indexOf('Recovery note:'));

    const root2 = await rootWith(v1.all);
    const broken = await buildSpec(path.join(SPECS, 'kernel-core.spec'), { kver: '6.1.12', krel: '1', noinitramfs: '1' });
    const others = v2.all.filter((f) => !path.basename(f).startsWith('kernel-core-'));
    const bad = await saferpm(['-Uvh', '--root', root2, '--running-kernel', kuname('v1'), ...broken, ...others]);
    expect(bad.exitCode).toBe(80);
    expect(bad.stderr).toMatch(/do not reboot: .*initramfs/);
    expect(await installed(root2)).toContain(`kernel-core-${kuname('v2')}`);
    const rec2 = onlyRecord(root2);
    expect(rec2).toMatchObject({ status: 'succeeded', exitCode: 80 });
    expect(rec2.note?.latest && readFileSync(path.join(root2, rec2.note.latest), 'utf8')).toMatch(/initramfs/);
  });

  it.runIf(needRoot('mounting a tmpfs'))('a backup that cannot be written stops the run before rpm runs: nothing changed', async () => {
    const root = await rootWith(v1.all);
    const state = path.join(root, 'var/lib/saferpm');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    chmodSync(state, 0o700);
    const mount = await execa('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', state], { reject: false });
    if (mount.exitCode !== 0) throw new Error(`cannot mount a tmpfs here: ${mount.stderr}`);
    try {
      writeFileSync(path.join(state, 'filler'), Buffer.alloc(12 * 1024)); // leave almost nothing
      const before = treeFingerprint(path.join(root, 'var/lib/rpm'));
      const installedBefore = await installed(root);
      const r = await saferpm(['-Uvh', '--root', root, ...v2.userland]);
      expect([73, 74]).toContain(r.exitCode);
      expect(r.stderr).toMatch(/saferpm: error: .*(no space left|cannot)/);
      expect(await installed(root)).toEqual(installedBefore);
      expect(treeFingerprint(path.join(root, 'var/lib/rpm'))).toEqual(before);
    } finally {
      await execa('umount', [state], { reject: false });
    }
  });

  it('--report is written for every outcome: a refusing safety step, rpm --test refusing, nothing to do', async () => {
    const root = await rootWith(v1.all);
    const report = path.join(root, 'report.json');
    const standby = await saferpm(['-Uvh', '--root', root, '--require-standby', '--report', report, ...v2.userland]);
    expect(standby.exitCode).toBe(79);
    expect(standby.stderr).toMatch(/no standby copy of the installed dracut-1\.0-1\.noarch/);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ status: 'refused', exitCode: 79 });
    expect(await installed(root)).toContain('dracut-1.0-1.noarch');

    const v3mods = (await buildRelease('v3')).kernel.filter((f) => path.basename(f).startsWith('kernel-modules-'));
    const refused = await saferpm(['-Uvh', '--root', root, '--report', report, ...v3mods]);
    expect(refused.exitCode).toBe(1);
    const r2 = JSON.parse(readFileSync(report, 'utf8'));
    expect(r2.status).toBe('refused');
    expect(r2.warnings.join('\n')).toMatch(/rpm --test: kernel-core = 6\.1\.15-1 is needed by kernel-modules-6\.1\.15-1/);

    const nothing = await saferpm(['-Fvh', '--root', root, '--report', report, ...v1.kernel]); // rpm -F passes over installed versions
    expect(nothing.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ status: 'succeeded', exitCode: 0, warnings: ['nothing to do'] });
  });
});
