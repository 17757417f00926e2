/**
 * The integrity report (rpm -V before and after) of a dnf kernel upgrade
 * compares like with like: kernel-core owns its initramfs as a %ghost of mode
 * 0600 (as Fedora's and RHEL's do) and its %posttrans writes it with rpm's
 * umask (0644), so 'rpm -V kernel-core' shows ".M......." for it before the
 * run already. Neither the kept kernel's initramfs nor the new kernel's (the
 * same deviation as the old one's) is a change of the transaction; a file a
 * scriptlet really loosens still is. The real dnf on a temporary
 * --installroot, repositories made by createrepo_c.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { dnf, dnfOptions, installedRoot } from '../helpers/dnf-repo.js';
import { kuname, RELEASES, type ReleaseName } from '../helpers/fixture-matrix.js';
import { SPECS } from '../helpers/paths.js';
import { rpm, saferpm } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

async function ghostRepo(releases: ReleaseName[], extra: string[] = []): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-repo-'));
  for (const r of releases) {
    const { kver, krel } = RELEASES[r];
    const core = await buildSpec(path.join(SPECS, 'kernel-core.spec'), { kver, krel, ghostinitramfs: '1' });
    const rest = (await buildRelease(r)).all.filter((f) => !path.basename(f).startsWith('kernel-core-'));
    for (const f of [...core, ...rest, ...extra]) copyFileSync(f, path.join(dir, path.basename(f)));
  }
  await execa('createrepo_c', ['-q', dir]);
  return dir;
}

function onlyRecord(root: string): Record<string, any> {
  const [id, ...more] = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  expect(more).toEqual([]);
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', id as string, 'record.json'), 'utf8'));
}

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf: integrity of a kernel upgrade', () => {
  let v1Repo: string;
  let allRepo: string;
  beforeAll(async () => {
    const scriptlet = await buildSpec(path.join(SPECS, 'scriptlet-loosens-other-file.spec'));
    v1Repo = await ghostRepo(['v1']); // one after the other: buildSpec's build folder is per process
    allRepo = await ghostRepo(['v1', 'v3'], scriptlet);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const v1Root = (): Promise<string> => installedRoot(v1Repo);

  it("the kept kernel's initramfs, which rpm -V showed the same before, is no alarm; nor is the new one's, written the same way", async () => {
    const root = await v1Root();
    const initramfs = `/boot/initramfs-${kuname('v1')}.img`;
    const verify = await rpm(root, ['-V', 'kernel-core']);
    expect(String(verify.stdout), 'the precondition: rpm -V differs on the ghost before the run').toContain(`.M.......  g ${initramfs}`);

    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(String((await rpm(root, ['-V', `kernel-core-${RELEASES.v3.kver}`])).stdout)).toContain(`.M.......  g /boot/initramfs-${kuname('v3')}.img`);
    expect(r.stderr).not.toMatch(/initramfs-\S+: changed during the transaction/);
    expect(r.stderr).not.toContain('Integrity:');
    expect(onlyRecord(root).audit.integrity).toEqual([]);
  });

  it('a scriptlet that really loosens a file of an upgraded package is still reported, security first', async () => {
    const root = await v1Root();
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'install', '-y', 'scriptlet-loosens-other-file', 'dracut-3.0', '--saferpm-running-kernel', kuname('v1')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('! /usr/bin/dracut: changed during the transaction, unlike its package: mode loosened (group write, others write) (package 0755, disk 0666)');
    expect(onlyRecord(root).audit.integrity).toMatchObject([{ path: '/usr/bin/dracut', origin: 'transaction', security: true, rank: 1 }]);
  });
});
