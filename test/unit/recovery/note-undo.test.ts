import { describe, expect, it } from 'vitest';
import type { PackageChange } from '../../../src/record/types.js';
import { newKernelVersions } from '../../../src/recovery/note/model.js';
import { missingStandby, undoCommands, undoPlan } from '../../../src/recovery/note/undo.js';

const change = (p: Partial<PackageChange> & Pick<PackageChange, 'name' | 'before' | 'after' | 'action'>): PackageChange => ({
  arch: 'x86_64', installOnly: false, ...p,
});

describe('undo commands', () => {
  it('a kernel installed beside the old one is erased by name-version-release.arch', () => {
    const plan = undoPlan([change({ name: 'kernel-core', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true })]);
    expect(undoCommands(plan)).toEqual(['rpm -e kernel-core-6.1.12-1.x86_64']);
  });

  it('an upgrade is undone from the standby copy with --oldpackage; nothing else to erase', () => {
    const plan = undoPlan([change({ name: 'dracut', arch: 'noarch', before: ['1.0-1'], after: ['2.0-1'], action: 'upgraded', standby: { '1.0-1': '/srv/standby/dracut-1.0-1.noarch.rpm' } })]);
    expect(undoCommands(plan)).toEqual(['rpm -Uvh --oldpackage /srv/standby/dracut-1.0-1.noarch.rpm']);
  });

  it('a kernel upgraded in place (--allow-kernel-upgrade) gets the old one back beside, then the new one erased', () => {
    const plan = undoPlan([change({ name: 'kernel-core', before: ['6.1.10-1'], after: ['6.1.12-1'], action: 'upgraded', installOnly: true, standby: { '6.1.10-1': '/var/cache/dnf/x/packages/kernel-core-6.1.10-1.x86_64.rpm' } })]);
    expect(undoCommands(plan)).toEqual([
      'rpm -ivh --oldpackage /var/cache/dnf/x/packages/kernel-core-6.1.10-1.x86_64.rpm',
      'rpm -e kernel-core-6.1.12-1.x86_64',
    ]);
  });

  it('an old kernel erased by --keep-kernels is reinstalled beside the others', () => {
    const plan = undoPlan([change({ name: 'kernel-core', before: ['6.1.8-1', '6.1.10-1'], after: ['6.1.10-1'], action: 'erased', installOnly: true, standby: { 'kernel-core-6.1.8-1.x86_64': '/srv/standby/kernel-core-6.1.8-1.x86_64.rpm' } })]);
    expect(undoCommands(plan)).toEqual(['rpm -ivh --oldpackage /srv/standby/kernel-core-6.1.8-1.x86_64.rpm']);
  });

  it('the epoch is left out of rpm -e arguments and reported when no standby copy exists', () => {
    const plan = undoPlan([
      change({ name: 'openssl', before: ['1:3.0.7-1'], after: ['1:3.0.7-2'], action: 'upgraded', standby: { '1:3.0.7-1': null } }),
      change({ name: 'newdep', before: [], after: ['2:1.0-1'], action: 'installed' }),
    ]);
    expect(undoCommands(plan)).toEqual(['rpm -e newdep-1.0-1.x86_64']);
    expect(missingStandby(plan)).toEqual(['openssl-3.0.7-1.x86_64']);
  });

  it('unchanged, skipped and reinstalled packages need nothing', () => {
    const plan = undoPlan([
      change({ name: 'a', before: ['1-1'], after: ['1-1'], action: 'unchanged' }),
      change({ name: 'b', before: ['1-1'], after: ['1-1'], action: 'reinstalled' }),
      change({ name: 'c', before: ['1-1'], after: ['1-1'], action: 'skipped' }),
    ]);
    expect(undoCommands(plan)).toEqual([]);
  });
});

describe('new kernel versions', () => {
  it('are uname -r strings of the kernel and kernel-core packages this run added', () => {
    expect(newKernelVersions([
      change({ name: 'kernel-core', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true }),
      change({ name: 'kernel-modules', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true }),
      change({ name: 'kernel', arch: 'aarch64', before: [], after: ['6.5.0-1.el9'], action: 'installed', installOnly: true }),
    ])).toEqual(['6.1.12-1.x86_64', '6.5.0-1.el9.aarch64']);
  });
});
