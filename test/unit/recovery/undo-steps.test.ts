import { describe, expect, it } from 'vitest';
import type { PackageChange } from '../../../src/record/types.js';
import type { RpmPackage } from '../../../src/rpm/package.js';
import { compareState } from '../../../src/recovery/undo/state.js';
import { decideUndo, saferpmSteps, standbyFiles } from '../../../src/recovery/undo/steps.js';

const change = (p: Partial<PackageChange> & Pick<PackageChange, 'name' | 'before' | 'after' | 'action'>): PackageChange => ({ arch: 'x86_64', installOnly: false, ...p });
const pkg = (name: string, evr: string, arch = 'x86_64'): RpmPackage => {
  const [version, release] = evr.split('-') as [string, string];
  return { name, epoch: '0', version, release, arch, isSource: false, summary: '', provides: [], requires: [], files: [] };
};

const KERNEL = change({ name: 'kernel-core', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true });
const DRACUT = change({ name: 'dracut', arch: 'noarch', before: ['1.0-1'], after: ['2.0-1'], action: 'upgraded', standby: { 'dracut-1.0-1.noarch': '/srv/standby/dracut-1.0-1.noarch.rpm' } });
const SSH = change({ name: 'openssh-server', arch: 'noarch', before: ['1.0-1'], after: ['2.0-1'], action: 'upgraded', standby: { 'openssh-server-1.0-1.noarch': null } });
const AS_RECORDED = [pkg('kernel-core', '6.1.10-1'), pkg('kernel-core', '6.1.12-1'), pkg('dracut', '2.0-1', 'noarch'), pkg('openssh-server', '2.0-1', 'noarch')];

describe('state before undoing', () => {
  it('as recorded, already undone, or changed since (another version, or another arch)', () => {
    const states = compareState([KERNEL, DRACUT, SSH], [pkg('kernel-core', '6.1.12-1'), pkg('kernel-core', '6.1.10-1'), pkg('dracut', '1.0-1', 'noarch'), pkg('openssh-server', '3.0-1', 'noarch')]);
    expect(states.map((s) => [s.change.name, s.state, s.now])).toEqual([
      ['kernel-core', 'as-recorded', ['6.1.10-1', '6.1.12-1']],
      ['dracut', 'already-undone', ['1.0-1']],
      ['openssh-server', 'changed', ['3.0-1']],
    ]);
    expect(compareState([KERNEL], [pkg('kernel-core', '6.1.10-1', 'aarch64'), pkg('kernel-core', '6.1.12-1', 'aarch64')])[0]?.state).toBe('changed');
  });

  it('unchanged, skipped and reinstalled packages are not looked at', () => {
    expect(compareState([change({ name: 'a', before: ['1-1'], after: ['1-1'], action: 'skipped' })], [])).toEqual([]);
  });
});

describe('deciding the undo', () => {
  const existing = new Set(['/srv/standby/dracut-1.0-1.noarch.rpm']);

  it('a missing standby copy is reported, never silently skipped', () => {
    const d = decideUndo([KERNEL, DRACUT, SSH], AS_RECORDED, { existing, skipMissing: false });
    expect(d.missing).toEqual(['openssh-server-1.0-1.noarch']);
  });

  it('--skip-missing leaves that package alone and undoes the rest', () => {
    const d = decideUndo([KERNEL, DRACUT, SSH], AS_RECORDED, { existing, skipMissing: true });
    expect(d.missing).toEqual([]);
    expect(d.left).toEqual([{ package: 'openssh-server.noarch', reason: 'openssh-server.noarch: no standby copy of openssh-server-1.0-1.noarch; left alone (--skip-missing)' }]);
    expect(d.plan.erase).toEqual(['kernel-core-6.1.12-1.x86_64']);
    expect(d.plan.downgrade).toEqual([{ nvra: 'dracut-1.0-1.noarch', file: '/srv/standby/dracut-1.0-1.noarch.rpm' }]);
  });

  it('a standby file recorded but gone since is missing too, and says so', () => {
    const d = decideUndo([DRACUT], [pkg('dracut', '2.0-1', 'noarch')], { existing: new Set(), skipMissing: false });
    expect(d.missing).toEqual(['dracut-1.0-1.noarch (/srv/standby/dracut-1.0-1.noarch.rpm is gone)']);
  });

  it('packages not as recorded are left alone with the reason', () => {
    const d = decideUndo([DRACUT], [pkg('dracut', '3.0-1', 'noarch')], { existing, skipMissing: false });
    expect(d.plan).toEqual({ downgrade: [], reinstall: [], erase: [] });
    expect(d.left[0]?.reason).toBe('dracut.noarch: changed since the run (the record says 2.0-1, installed now: 3.0-1); left alone');
  });

  it('standbyFiles lists the files to check', () => {
    expect(standbyFiles([KERNEL, DRACUT, SSH])).toEqual(['/srv/standby/dracut-1.0-1.noarch.rpm']);
  });
});

describe('the saferpm commands', () => {
  const plan = decideUndo([KERNEL, DRACUT], AS_RECORDED, { existing: new Set(['/srv/standby/dracut-1.0-1.noarch.rpm']), skipMissing: false }).plan;

  it('old versions back first, then the new ones erased; files as host paths under --root', () => {
    expect(saferpmSteps(plan, { root: '/mnt/sysimage', runningKernel: '6.1.10-1.x86_64' })).toEqual([
      { kind: 'downgrade', argv: ['-Uvh', '--oldpackage', '--root', '/mnt/sysimage', '--running-kernel', '6.1.10-1.x86_64', '--', '/mnt/sysimage/srv/standby/dracut-1.0-1.noarch.rpm'] },
      { kind: 'erase', argv: ['-e', '--root', '/mnt/sysimage', '--running-kernel', '6.1.10-1.x86_64', '--', 'kernel-core-6.1.12-1.x86_64'] },
    ]);
  });

  it('on the live system: no --root, and the paths as they are', () => {
    expect(saferpmSteps(plan, { root: '/' }).map((s) => s.argv)).toEqual([
      ['-Uvh', '--oldpackage', '--', '/srv/standby/dracut-1.0-1.noarch.rpm'],
      ['-e', '--', 'kernel-core-6.1.12-1.x86_64'],
    ]);
  });

  it('kernels erased by the run come back with -ivh --oldpackage, beside the others', () => {
    const erased = change({ name: 'kernel-core', before: ['6.1.8-1', '6.1.10-1'], after: ['6.1.10-1'], action: 'erased', installOnly: true, standby: { 'kernel-core-6.1.8-1.x86_64': '/srv/k.rpm' } });
    const p = decideUndo([erased], [pkg('kernel-core', '6.1.10-1')], { existing: new Set(['/srv/k.rpm']), skipMissing: false }).plan;
    expect(saferpmSteps(p, { root: '/', hostPath: (f) => `/resolved${f}` })).toEqual([{ kind: 'reinstall', argv: ['-ivh', '--oldpackage', '--', '/resolved/srv/k.rpm'] }]);
  });
});
