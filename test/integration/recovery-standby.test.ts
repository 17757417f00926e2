import { copyFileSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findStandby, standbyKey, type InstalledVersion } from '../../src/recovery/standby/find.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { archName, RELEASES } from '../helpers/fixture-matrix.js';
import { tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const HAVE = needTools('rpm', 'rpmbuild');
const arch = archName();
const v1 = RELEASES.v1;

const installed: InstalledVersion[] = [
  { name: 'kernel-core', epoch: '0', version: v1.kver, release: v1.krel, arch },
  { name: 'dracut', epoch: '0', version: v1.uver, release: '1', arch: 'noarch' },
  { name: 'openssh-server', epoch: '0', version: v1.uver, release: '1', arch: 'noarch' },
];
const fileName = (p: InstalledVersion): string => `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`;

let release: { all: string[] };
let release2: { all: string[] };
const file = (set: { all: string[] }, name: string): string => set.all.find((f) => path.basename(f).startsWith(`${name}-`) && !path.basename(f).startsWith(`${name}-core`) && !path.basename(f).startsWith(`${name}-modules`)) as string;

/** Copy the v1 package files of `names` into ROOT/dir. */
function stock(root: string, dir: string, names: string[]): void {
  mkdirSync(path.join(root, dir), { recursive: true });
  for (const n of names) copyFileSync(file(release, n), path.join(root, dir, path.basename(file(release, n))));
}

describe.skipIf(!HAVE)('standby packages (real rpm, real packages)', () => {
  beforeAll(async () => {
    release = await buildRelease('v1');
    release2 = await buildRelease('v2');
  });

  it('finds every installed version in the standby dir before the dnf cache', async () => {
    const root = tempRoot();
    stock(root, 'srv/standby', ['kernel-core', 'dracut', 'openssh-server']);
    stock(root, 'var/cache/dnf/fedora-0123456789abcdef/packages', ['dracut']);
    const found = await findStandby({ root, packages: installed, dirs: ['/srv/standby'] });
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(installed.map((p) => [standbyKey(p), `/srv/standby/${fileName(p)}`])));
  });

  it('finds copies in the dnf, dnf5 and yum caches; reports what has none', async () => {
    const root = tempRoot();
    stock(root, 'var/cache/dnf/updates-89abcdef01234567/packages', ['kernel-core']);
    stock(root, 'var/cache/libdnf5/baseos-0011223344556677/packages', ['openssh-server']);
    stock(root, 'var/cache/yum/x86_64/7/base/packages', ['dracut']);
    const missing: InstalledVersion = { name: 'glibc', epoch: '0', version: '2.34', release: '60.el9', arch };
    const found = await findStandby({ root, packages: [...installed, missing], dirs: [] });
    expect(found.get(`kernel-core-${v1.kver}-${v1.krel}.${arch}`)).toBe(`/var/cache/dnf/updates-89abcdef01234567/packages/${fileName(installed[0]!)}`);
    expect(found.get('openssh-server-1.0-1.noarch')).toBe(`/var/cache/libdnf5/baseos-0011223344556677/packages/${fileName(installed[2]!)}`);
    expect(found.get('dracut-1.0-1.noarch')).toBe(`/var/cache/yum/x86_64/7/base/packages/${fileName(installed[1]!)}`);
    expect(found.get(`glibc-2.34-60.el9.${arch}`)).toBeNull();
  });

  it('trusts headers, not names: a v2 file under the v1 name, a damaged file, a wrong epoch', async () => {
    const root = tempRoot();
    mkdirSync(path.join(root, 'srv/standby'), { recursive: true });
    mkdirSync(path.join(root, 'srv/more'), { recursive: true });
    copyFileSync(file(release2, 'dracut'), path.join(root, 'srv/standby', fileName(installed[1]!)));
    const ssh = readFileSync(file(release, 'openssh-server'));
    writeFileSync(path.join(root, 'srv/standby', fileName(installed[2]!)), ssh.subarray(0, 200));
    copyFileSync(file(release, 'openssh-server'), path.join(root, 'srv/more', fileName(installed[2]!)));
    copyFileSync(file(release, 'kernel-core'), path.join(root, 'srv/standby', fileName(installed[0]!)));
    const epoch1 = { ...installed[0]!, epoch: '1' };
    const found = await findStandby({ root, packages: [installed[1]!, installed[2]!, epoch1], dirs: ['/srv/standby', '/srv/more'] });
    expect(found.get('dracut-1.0-1.noarch')).toBeNull();
    expect(found.get('openssh-server-1.0-1.noarch')).toBe(`/srv/more/${fileName(installed[2]!)}`);
    expect(found.get(`kernel-core-1:${v1.kver}-${v1.krel}.${arch}`)).toBeNull();
  });

  it('a renamed copy is found by its header; all candidates are read by ONE rpm process', async () => {
    const root = tempRoot();
    mkdirSync(path.join(root, 'srv/standby'), { recursive: true });
    copyFileSync(file(release, 'dracut'), path.join(root, 'srv/standby', 'dracut-1.0-saved-before-patching.rpm'));
    stock(root, 'srv/standby', ['kernel-core', 'openssh-server']);
    const bin = tempDir();
    const log = path.join(bin, 'calls.log');
    writeFileSync(path.join(bin, 'rpm'), `#!/bin/sh\necho "call: $1 $3" >> ${log}\nexec rpm "$@"\n`);
    chmodSync(path.join(bin, 'rpm'), 0o755);
    const found = await findStandby({ root, packages: installed, dirs: ['/srv/standby'], rpm: { binary: path.join(bin, 'rpm'), globalArgs: ['--root', root] } });
    expect(found.get('dracut-1.0-1.noarch')).toBe('/srv/standby/dracut-1.0-saved-before-patching.rpm');
    expect([...found.values()].every((v) => v !== null)).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe('call: --root -qp\n');
  });
});
