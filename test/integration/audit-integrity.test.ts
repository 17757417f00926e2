/**
 * rpm -V before and after a real transaction, and the new headers against the
 * old: a setuid bit added by openssh-server v2 (built with --define 'setuid 1'),
 * a scriptlet of another package loosening dracut's file
 * (fixtures/specs/scriptlet-loosens-other-file.spec), and an admin's hardened
 * mode undone by the upgrade, reported in that order.
 */
import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffVerify } from '../../src/audit/integrity-diff.js';
import { verifyPackages } from '../../src/audit/integrity.js';
import { renderIntegrity } from '../../src/audit/render.js';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { SPECS } from '../helpers/paths.js';
import { rpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild');
const pkgs = { sshV1: '', sshV2Setuid: '', dracutV1: '', scriptlet: '' };

beforeAll(async () => {
  if (!run) return;
  process.env.HOME = ensureRpmHome();
  const v1 = (await buildRelease('v1')).userland;
  const pick = (files: string[], name: string): string => files.find((f) => path.basename(f).startsWith(`${name}-`)) as string;
  pkgs.sshV1 = pick(v1, 'openssh-server');
  pkgs.dracutV1 = pick(v1, 'dracut');
  pkgs.sshV2Setuid = pick(await buildSpec(path.join(SPECS, 'openssh-server.spec'), { uver: '2.0', setuid: '1' }), 'openssh-server');
  pkgs.scriptlet = pick(await buildSpec(path.join(SPECS, 'scriptlet-loosens-other-file.spec')), 'scriptlet-loosens-other-file');
});

describe.runIf(run)('integrity: rpm -V before and after a transaction', () => {
  it('puts the setuid bit added by the new version first, then the scriptlet\'s change, then the undone hardening', async () => {
    const root = tempRoot();
    const inv = { binary: 'rpm', globalArgs: ['--root', root] };
    expect((await rpm(root, ['-Uvh', pkgs.dracutV1, pkgs.sshV1])).exitCode).toBe(0);
    chmodSync(path.join(root, 'usr/sbin/sshd'), 0o700); // the admin's hardening

    const before = await verifyPackages(inv, ['openssh-server', 'dracut'], { root });
    expect(before.files.map((f) => [f.path, f.differs])).toEqual([['/usr/sbin/sshd', ['mode']]]);
    expect((await rpm(root, ['-Uvh', pkgs.sshV2Setuid, pkgs.scriptlet])).exitCode).toBe(0);
    expect(statSync(path.join(root, 'usr/libexec/openssh/ssh-keysign')).mode & 0o7777).toBe(0o4755);
    const after = await verifyPackages(inv, ['openssh-server', 'dracut', 'scriptlet-loosens-other-file'], { root });

    const changes = diffVerify(before, after, ['openssh-server', 'scriptlet-loosens-other-file']);
    expect(changes.map((c) => [c.path, c.origin, c.rank, c.packageChanged])).toEqual([
      ['/usr/libexec/openssh/ssh-keysign', 'package', 0, true],
      ['/usr/bin/dracut', 'transaction', 1, false],
      ['/usr/sbin/sshd', 'reverted', 1, true],
    ]);
    expect(changes[0]?.detail).toBe('setuid bit added by the new version: mode 0755 -> 4755 (openssh-server-2.0-1.noarch)');
    expect(changes[1]?.detail).toBe('changed during the transaction, unlike its package: mode loosened (group write, others write) (package 0755, disk 0666)');
    expect(changes[2]?.detail).toBe('a local change was undone by the transaction: mode was 0700, now 0755 as packaged');
    expect(renderIntegrity(changes)[0]).toBe('Integrity (rpm -V before and after): 3 changes, 3 security-relevant');
  });

  it('reports nothing when a transaction changes only what the headers say', async () => {
    const root = tempRoot();
    const inv = { binary: 'rpm', globalArgs: ['--root', root] };
    expect((await rpm(root, ['-Uvh', pkgs.sshV1])).exitCode).toBe(0);
    const before = await verifyPackages(inv, ['openssh-server'], { root });
    const v2 = (await buildRelease('v2')).userland.find((f) => path.basename(f).startsWith('openssh-server-')) as string;
    expect((await rpm(root, ['-Uvh', v2])).exitCode).toBe(0);
    const after = await verifyPackages(inv, ['openssh-server'], { root });
    expect(before.files).toEqual([]);
    expect(after.files).toEqual([]);
    expect(diffVerify(before, after, ['openssh-server'])).toEqual([]);
  });
});
