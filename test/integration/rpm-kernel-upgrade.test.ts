/**
 * Why saferpm exists, with the real rpm: `rpm -Uvh` of a folder holding a new
 * kernel erases the old kernel; `saferpm -Uvh` keeps it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { installed, rootWith, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { treeFingerprint } from '../helpers/tree.js';
import { needTools } from '../helpers/tools.js';

describe.runIf(needTools('rpm', 'rpmbuild'))('rpm -Uvh on a folder with a new kernel', () => {
  let v1: string[];
  let v2: string[];
  beforeAll(async () => {
    v1 = (await buildRelease('v1')).all;
    v2 = (await buildRelease('v2')).all;
  });

  const rootWithV1 = (): Promise<string> => rootWith(v1);

  it('plain rpm -Uvh erases the old kernel: nothing left to fall back to', async () => {
    const root = await rootWithV1();
    const r = await rpm(root, ['-Uvh', ...v2]);
    expect(r.exitCode).toBe(0);
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core'))).toEqual([`kernel-core-${kuname('v2')}`]);
    expect(existsSync(path.join(root, `boot/vmlinuz-${kuname('v1')}`))).toBe(false);
  });

  it('saferpm -Uvh keeps both kernels, upgrades the rest, says why and writes the run record', async () => {
    const root = await rootWithV1();
    const report = path.join(root, 'report.json');
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), '--report', report, ...v2]);
    expect(r.exitCode, r.stderr).toBe(0);
    const after = await installed(root);
    for (const name of ['kernel', 'kernel-core', 'kernel-modules']) {
      expect(after).toContain(`${name}-${kuname('v1')}`);
      expect(after).toContain(`${name}-${kuname('v2')}`);
    }
    expect(after).toContain('dracut-2.0-1.noarch');
    expect(after).toContain('openssh-server-2.0-1.noarch');
    expect(after).not.toContain('dracut-1.0-1.noarch');
    for (const v of ['v1', 'v2'] as const) {
      expect(existsSync(path.join(root, `boot/vmlinuz-${kuname(v)}`))).toBe(true);
      expect(existsSync(path.join(root, `boot/initramfs-${kuname(v)}.img`))).toBe(true);
      expect(existsSync(path.join(root, `lib/modules/${kuname(v)}/modules.dep`))).toBe(true);
    }
    expect(r.stderr).toContain('kernel-core-6.1.12-1: -U rewritten to -i so 6.1.10-1 stays bootable');
    expect(r.stdout).toMatch(/kernel-core-6\.1\.12-1 +#+/); // rpm's own hash progress, as always

    const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
    expect(runs).toHaveLength(1);
    const record = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 0, tool: 'rpm', root });
    expect(record.commands.map((c: { purpose: string; argv: string[] }) => [c.purpose, c.argv[1]])).toEqual([['userland', '-Uvh'], ['kernels', '-ivh']]);
    const core = record.packages.find((p: { name: string }) => p.name === 'kernel-core');
    expect(core).toMatchObject({ before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true });
    const dracut = record.packages.find((p: { name: string }) => p.name === 'dracut');
    expect(dracut).toMatchObject({ before: ['1.0-1'], after: ['2.0-1'], action: 'upgraded' });
    expect(JSON.parse(readFileSync(report, 'utf8')).id).toBe(record.id);
  });

  it('--dry-run prints the plan and changes nothing, not even a state folder', async () => {
    const root = await rootWithV1();
    const before = treeFingerprint(root);
    const r = await saferpm(['-Uvh', '--root', root, '--dry-run', ...v2]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('dry run: command not executed');
    expect(r.stdout).toMatch(/rpm -ivh --root \S+ -- \\/);
    expect(r.stdout).toContain('kernel-modules-6.1.12-1: -U rewritten to -i so 6.1.10-1 stays bootable');
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('-F installs a new kernel beside an older one and skips what is not installed', async () => {
    const root = tempRoot();
    const core1 = v1.filter((f) => /kernel-core-|dracut-/.test(path.basename(f)));
    expect((await rpm(root, ['-ivh', ...core1])).exitCode).toBe(0);
    const r = await saferpm(['-Fvh', '--root', root, ...v2.filter((f) => /kernel-core-|dracut-|openssh/.test(path.basename(f)))]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await installed(root)).toEqual([`dracut-2.0-1.noarch`, `kernel-core-${kuname('v1')}`, `kernel-core-${kuname('v2')}`]);
  });

  it('an already installed kernel is refused as rpm refuses it (rpm says so, same exit code, nothing changed)', async () => {
    const root = await rootWithV1();
    const before = await installed(root);
    const core = v1.filter((f) => path.basename(f).startsWith('kernel-core-'));
    const plain = await rpm(root, ['-Uvh', ...core]);
    const r = await saferpm(['-Uvh', '--root', root, ...core]);
    expect(plain.exitCode).not.toBe(0);
    expect(r.exitCode).toBe(plain.exitCode);
    expect(r.stderr).toContain(`\tpackage kernel-core-${kuname('v1')} is already installed`);
    expect(await installed(root)).toEqual(before);
  });

  it('a failing dependency refuses the plan and changes nothing', async () => {
    const root = await rootWithV1();
    const before = treeFingerprint(root);
    const v3 = (await buildRelease('v3')).kernel.filter((f) => path.basename(f).startsWith('kernel-modules-'));
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v3]);
    expect(r.exitCode).toBe(1); // one real problem, as rpm -U of this package alone would count it
    expect(r.stderr).toContain('rpm refused the plan');
    expect(r.stderr).toContain('kernel-core = 6.1.15-1 is needed by kernel-modules-6.1.15-1');
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('--keep-kernels 2 erases the oldest kernel after the install, keeping the running one', async () => {
    const root = await rootWithV1();
    expect((await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2])).exitCode).toBe(0);
    const v3 = (await buildRelease('v3')).all;
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v2'), '--keep-kernels', '2', ...v3]);
    expect(r.exitCode, r.stderr).toBe(0);
    const cores = (await installed(root)).filter((p) => p.startsWith('kernel-core-'));
    expect(cores).toEqual([`kernel-core-${kuname('v2')}`, `kernel-core-${kuname('v3')}`]);
    expect((await installed(root)).filter((p) => p.includes(kuname('v1')))).toEqual([]);
  });

  it('refuses to erase the running kernel, and passes other erases through', async () => {
    const root = await rootWithV1();
    const refused = await saferpm(['-e', '--root', root, '--running-kernel', kuname('v1'), 'kernel', 'kernel-modules', 'kernel-core']);
    expect(refused.exitCode).toBe(79);
    expect(refused.stderr).toMatch(/refusing to erase .*kernel-core-6\.1\.10-1\.x86_64.*running kernel/);
    expect(await installed(root)).toContain(`kernel-core-${kuname('v1')}`);
    const ok = await saferpm(['-e', '--root', root, 'openssh-server']);
    expect(ok.exitCode).toBe(0);
    expect(await installed(root)).not.toContain('openssh-server-1.0-1.noarch');
  });

  it('passes queries straight through with rpm\'s own output and exit code', async () => {
    const root = await rootWithV1();
    for (const args of [['-qa', '--root', root], ['-q', '--root', root, 'nosuchpackage'], ['-qi', '--root', root, 'dracut']]) {
      const ours = await saferpm(args);
      const theirs = await rpm(root, args.filter((a) => a !== '--root' && a !== root));
      expect(ours.exitCode).toBe(theirs.exitCode);
      expect(ours.stdout).toBe(String(theirs.stdout));
      expect(ours.stderr).toBe(String(theirs.stderr));
    }
  });
});
