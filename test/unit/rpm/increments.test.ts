import { describe, expect, it } from 'vitest';
import { incrementGroups } from '../../../src/rpm/increments.js';
import type { RpmPackage } from '../../../src/rpm/package.js';

const pkg = (name: string, requires: string[] = []): RpmPackage => ({
  name, epoch: '0', version: '1', release: '1', arch: 'noarch', isSource: false, summary: '', files: [],
  provides: [{ name, op: '=', version: '0:1-1' }],
  requires: requires.map((r) => ({ name: r, op: '', version: '' })),
});

describe('--one-at-a-time groups', () => {
  it('puts what a package needs in an earlier group, and mutual needs together', () => {
    const set = [pkg('kernel', ['kernel-core', 'kernel-modules']), pkg('kernel-modules', ['kernel-core']), pkg('kernel-core', ['dracut']), pkg('dracut'), pkg('openssh-server'), pkg('a', ['b']), pkg('b', ['a'])];
    const names = incrementGroups(set).map((g) => g.map((p) => p.name));
    expect(names).toEqual([['dracut'], ['kernel-core'], ['kernel-modules'], ['kernel'], ['openssh-server'], ['a', 'b']]);
  });
  it('ignores requirements met outside the set', () => {
    expect(incrementGroups([pkg('x', ['glibc']), pkg('y', ['rpmlib(FileDigests)'])]).map((g) => g.length)).toEqual([1, 1]);
  });
});
