import { describe, expect, it } from 'vitest';
import { compareHeaderFile, diffVerify } from '../../../src/audit/integrity-diff.js';
import type { VerifiedFile, VerifyResult } from '../../../src/audit/integrity.js';
import type { HeaderFile, HeaderFiles } from '../../../src/audit/parse-file-attrs.js';

const REG = 0o100000;
const file = (path: string, perms: number, more: Partial<HeaderFile> = {}): HeaderFile =>
  ({ path, flags: 0, mode: REG | perms, user: 'root', group: 'root', caps: '', digest: 'd', linkTo: '', state: 'normal', ...more });
const pkg = (nevra: string, files: HeaderFile[]): HeaderFiles => ({ name: nevra.replace(/-\d.*$/, ''), nevra, digestAlgo: 8, files });
const differs = (path: string, tests: VerifiedFile['differs'], packages: string[], disk?: number): VerifiedFile =>
  ({ path, marker: 'none', missing: false, differs: tests, unknown: [], packages, ...(disk === undefined ? {} : { disk: { mode: REG | disk, uid: 0, gid: 0 } }) });
const result = (packages: HeaderFiles[], files: VerifiedFile[] = []): VerifyResult => ({ packages, files, notInstalled: [], other: [] });

describe('header changes: what the new version itself declares', () => {
  it.each([
    [0o755, 0o2755, 0, 'setgid bit added by the new version: mode 0755 -> 2755'],
    [0o644, 0o664, 1, 'mode loosened by the new version (group write): mode 0644 -> 0664'],
    [0o600, 0o644, 1, 'mode loosened by the new version (group read, others read): mode 0600 -> 0644'],
  ] as const)('%o -> %o is rank %i', (was, now, rank, detail) => {
    expect(compareHeaderFile(file('/x', was), file('/x', now))).toEqual({ attributes: ['mode'], rank, detail });
  });

  it('reports capabilities and owners, not tightening or links', () => {
    expect(compareHeaderFile(file('/p', 0o755), file('/p', 0o755, { caps: 'cap_net_raw=ep' }))?.detail).toBe("capabilities set by the new version: 'none' -> 'cap_net_raw=ep'");
    expect(compareHeaderFile(file('/p', 0o755), file('/p', 0o755, { user: 'daemon' }))).toMatchObject({ attributes: ['user'], rank: 1 });
    expect(compareHeaderFile(file('/p', 0o755), file('/p', 0o700))).toBeUndefined();
    expect(compareHeaderFile(file('/l', 0o777, { mode: 0o120777 }), file('/l', 0o777, { mode: 0o120777, user: 'x' }))).toBeUndefined();
  });

  it('reports new setuid and world-writable files, not ordinary new files', () => {
    expect(compareHeaderFile(undefined, file('/n', 0o4711))?.detail).toBe('new setuid file, mode 4711 owner root:root');
    expect(compareHeaderFile(undefined, file('/w', 0o666))?.rank).toBe(1);
    expect(compareHeaderFile(undefined, file('/tmp', 0o1777, { mode: 0o41777 }))).toBeUndefined();
    expect(compareHeaderFile(undefined, file('/n', 0o755))).toBeUndefined();
  });

  it('compares only new versions of changed packages', () => {
    const before = result([pkg('a-1-1.noarch', [file('/a', 0o755)]), pkg('b-1-1.noarch', [file('/b', 0o755)])]);
    const after = result([pkg('a-2-1.noarch', [file('/a', 0o4755)]), pkg('b-1-1.noarch', [file('/b', 0o755)])]);
    expect(diffVerify(before, after, ['a']).map((c) => [c.path, c.origin, c.packages])).toEqual([['/a', 'package', ['a-2-1.noarch']]]);
    expect(diffVerify(before, after, ['b'])).toEqual([]);
  });
});

describe('rpm -V before and after', () => {
  const headers = [pkg('a-1-1.noarch', [file('/usr/bin/a', 0o755), file('/etc/pam.d/a', 0o644), file('/usr/share/a', 0o644)])];

  it('orders security first: setuid on disk, loosened mode, sensitive path, then content', () => {
    const after = result(headers, [
      differs('/usr/share/a', ['size', 'digest', 'mtime'], ['a-1-1.noarch']),
      differs('/etc/pam.d/a', ['digest'], ['a-1-1.noarch']),
      differs('/usr/bin/a', ['mode'], ['a-1-1.noarch'], 0o4755),
    ]);
    const changes = diffVerify(result(headers), after, []);
    expect(changes.map((c) => [c.path, c.rank, c.security, c.packageChanged])).toEqual([
      ['/usr/bin/a', 0, true, false],
      ['/etc/pam.d/a', 2, true, false],
      ['/usr/share/a', 3, false, false],
    ]);
    expect(changes[0]?.detail).toBe('changed during the transaction, unlike its package: setuid bit on disk (package 0755, disk 4755)');
  });

  it('leaves out what already differed before, and mtime-only differences', () => {
    const before = result(headers, [differs('/etc/pam.d/a', ['size', 'digest', 'mtime'], ['a-1-1.noarch'])]);
    const after = result(headers, [differs('/etc/pam.d/a', ['size', 'digest', 'mtime'], ['a-1-1.noarch']), differs('/usr/share/a', ['mtime'], ['a-1-1.noarch'])]);
    expect(diffVerify(before, after, ['a'])).toEqual([]);
  });

  it('reports a local change undone, unless the new header adopted it', () => {
    const before = result(headers, [differs('/usr/bin/a', ['mode'], ['a-1-1.noarch'], 0o700)]);
    expect(diffVerify(before, result(headers), ['a']).map((c) => [c.origin, c.rank, c.detail])).toEqual([
      ['reverted', 1, 'a local change was undone by the transaction: mode was 0700, now 0755 as packaged'],
    ]);
    const adopted = [pkg('a-2-1.noarch', [file('/usr/bin/a', 0o700)])];
    expect(diffVerify(before, result(adopted), ['a'])).toEqual([]);
  });

  it('does not call a file of an erased package reverted', () => {
    const before = result(headers, [differs('/usr/bin/a', ['mode'], ['a-1-1.noarch'], 0o700)]);
    expect(diffVerify(before, result([]), ['a'])).toEqual([]);
  });
});

describe('a kernel installed beside the old one: like with like', () => {
  const ghost = (v: string) => file(`/boot/initramfs-${v}.x86_64.img`, 0o600, { flags: 64 });
  const old = pkg('kernel-core-6.1.10-1.x86_64', [file('/boot/vmlinuz-6.1.10-1.x86_64', 0o755), ghost('6.1.10-1')]);
  const neu = pkg('kernel-core-6.1.15-1.x86_64', [file('/boot/vmlinuz-6.1.15-1.x86_64', 0o755), ghost('6.1.15-1')]);
  const loose = (v: string, nevra: string) => differs(`/boot/initramfs-${v}.x86_64.img`, ['mode'], [nevra], 0o644);

  it("the kept kernel's initramfs, 0644 before and after, and the new kernel's, 0644 as the old one's was: nothing to report", () => {
    const before = result([old], [loose('6.1.10-1', old.nevra)]);
    const after = result([old, neu], [loose('6.1.10-1', old.nevra), loose('6.1.15-1', neu.nevra)]);
    expect(diffVerify(before, after, ['kernel-core'])).toEqual([]);
  });

  it("the new kernel's initramfs loosened where the old one's matched its header: reported", () => {
    const after = result([old, neu], [loose('6.1.15-1', neu.nevra)]);
    expect(diffVerify(result([old]), after, ['kernel-core']).map((c) => [c.path, c.origin, c.rank, c.security])).toEqual([
      ['/boot/initramfs-6.1.15-1.x86_64.img', 'transaction', 1, true],
    ]);
  });

  it('the kept kernel\'s initramfs loosened during the transaction: reported', () => {
    const after = result([old, neu], [loose('6.1.10-1', old.nevra)]);
    expect(diffVerify(result([old]), after, ['kernel-core']).map((c) => [c.path, c.detail])).toEqual([
      ['/boot/initramfs-6.1.10-1.x86_64.img', 'changed during the transaction, unlike its package: mode loosened (group read, others read) (package 0600, disk 0644)'],
    ]);
  });
});
