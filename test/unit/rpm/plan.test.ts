import { describe, expect, it } from 'vitest';
import { parseRpmArgs, rpmPlanOptions } from '../../../src/rpm/argv.js';
import { classify } from '../../../src/rpm/classify.js';
import { DEFAULT_INSTALLONLY } from '../../../src/dnf-config/installonly.js';
import type { RpmPackage } from '../../../src/rpm/package.js';
import { makeRpmPlan, type RpmPlanInput, type RpmPlanOptions } from '../../../src/rpm/rpm-plan.js';

const config = { names: DEFAULT_INSTALLONLY, source: 'dnf default' };

function pkg(name: string, vr: string, extra: Partial<RpmPackage> = {}): RpmPackage & { file: string } {
  const [version, release] = vr.split('-') as [string, string];
  return { name, epoch: '0', version, release, arch: 'x86_64', isSource: false, summary: '', provides: [], requires: [], files: [], file: `/p/${name}-${vr}.rpm`, ...extra };
}
const kcore = (vr: string) => pkg('kernel-core', vr, { provides: [{ name: 'installonlypkg(kernel)', op: '', version: '' }], files: [{ path: `/boot/vmlinuz-${vr}.x86_64`, flags: 0, mode: 0o100644 }] });

function input(argv: string[], files: RpmPackage[], installed: RpmPackage[], extra: Partial<RpmPlanOptions> & { runningKernel?: string } = {}): RpmPlanInput {
  const cl = parseRpmArgs([...argv, ...files.map((f) => f.file as string)]);
  const { runningKernel, ...options } = extra;
  return {
    mode: cl.mode as 'upgrade',
    packages: files.map((p) => ({ pkg: p as RpmPackage & { file: string }, cls: classify(p, config) })),
    installed: installed.map((p) => ({ pkg: p, cls: classify(p, config) })),
    options: { ...rpmPlanOptions(cl), ...options },
    ...(runningKernel ? { runningKernel } : {}),
  };
}

describe('the plan', () => {
  it('rewrites -U of a kernel to -i, after the userland, and says why', () => {
    const plan = makeRpmPlan(input(['-Uvh'], [kcore('6.1.12-1'), pkg('dracut', '2.0-1')], [kcore('6.1.10-1'), pkg('dracut', '1.0-1')]));
    expect(plan.steps.map((s) => [s.purpose, s.args])).toEqual([
      ['userland', ['-Uvh', '--', '/p/dracut-2.0-1.rpm']],
      ['kernels', ['-ivh', '--', '/p/kernel-core-6.1.12-1.rpm']],
    ]);
    expect(plan.packages.find((p) => p.name === 'kernel-core')?.reason).toBe('kernel-core-6.1.12-1: -U rewritten to -i so 6.1.10-1 stays bootable');
    expect(plan.packages.find((p) => p.name === 'dracut')?.reason).toBe('upgrade 1.0-1 -> 2.0-1');
  });

  it('keeps the command exactly as asked when no kernel is involved', () => {
    const plan = makeRpmPlan(input(['-Uvh', '--nodeps'], [pkg('dracut', '2.0-1')], [pkg('dracut', '1.0-1')]));
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]?.args).toEqual(['-Uvh', '--nodeps', '--', '/p/dracut-2.0-1.rpm']);
  });

  it('leaves a kernel whose exact version is installed to rpm, which refuses it with -U and -i; -F passes over it', () => {
    const refused = makeRpmPlan(input(['-U'], [kcore('6.1.10-1')], [kcore('6.1.10-1')]));
    expect(refused.steps[0]?.args).toEqual(['-i', '--', '/p/kernel-core-6.1.10-1.rpm']);
    expect(refused.packages[0]?.reason).toMatch(/already installed: rpm refuses it, as rpm -U does/);
    const skip = makeRpmPlan(input(['-F'], [kcore('6.1.10-1')], [kcore('6.1.10-1')]));
    expect(skip.steps).toEqual([]);
    expect(skip.packages[0]?.action).toBe('skip');
    expect(skip.packages[0]?.reason).toMatch(/already installed; rpm -F passes over it too/);
    const again = makeRpmPlan(input(['-U', '--replacepkgs'], [kcore('6.1.10-1')], [kcore('6.1.10-1')]));
    expect(again.steps[0]?.args).toEqual(['-i', '--replacepkgs', '--', '/p/kernel-core-6.1.10-1.rpm']);
  });

  it('-F installs a kernel beside only when an older one is installed', () => {
    const none = makeRpmPlan(input(['-Fvh'], [kcore('6.1.12-1')], []));
    expect(none.packages[0]?.action).toBe('skip');
    const older = makeRpmPlan(input(['-Fvh'], [kcore('6.1.12-1')], [kcore('6.1.10-1')]));
    expect(older.steps[0]?.args).toEqual(['-ivh', '--', '/p/kernel-core-6.1.12-1.rpm']);
  });

  it('--allow-kernel-upgrade keeps -U, loudly', () => {
    const plan = makeRpmPlan(input(['-U'], [kcore('6.1.12-1')], [kcore('6.1.10-1')], { allowKernelUpgrade: true }));
    expect(plan.steps[0]?.args[0]).toBe('-U');
    expect(plan.warnings.join()).toMatch(/WILL BE ERASED/);
  });

  it('--keep-kernels erases the oldest surplus kernel, never the running one', () => {
    const installed = [kcore('6.1.5-1'), kcore('6.1.8-1'), kcore('6.1.10-1')];
    const plan = makeRpmPlan(input(['-U'], [kcore('6.1.12-1')], installed, { keepKernels: 2, runningKernel: '6.1.5-1.x86_64' }));
    // As dnf's installonly_limit: the running kernel counts as one of the kept ones.
    expect(plan.erase.nevras).toEqual(['kernel-core-6.1.10-1.x86_64', 'kernel-core-6.1.8-1.x86_64']);
    expect(plan.erase.notes.join()).toMatch(/6.1.5-1 is the running kernel: kept/);
    expect(plan.steps.at(-1)?.args).toEqual(['-e', '--', 'kernel-core-6.1.10-1.x86_64', 'kernel-core-6.1.8-1.x86_64']);
    const three = makeRpmPlan(input(['-U'], [kcore('6.1.12-1')], installed, { keepKernels: 3, runningKernel: '6.1.10-1.x86_64' }));
    expect(three.erase.nevras).toEqual(['kernel-core-6.1.5-1.x86_64']);
    const unknown = makeRpmPlan(input(['-U'], [kcore('6.1.12-1')], installed, { keepKernels: 2 }));
    expect(unknown.erase.nevras).toEqual([]);
  });
});

describe('--one-at-a-time in the plan', () => {
  const needs = (p: RpmPackage & { file: string }, ...names: string[]) => ({ ...p, requires: names.map((name) => ({ name, op: '', version: '' })) });
  const provide = (p: RpmPackage & { file: string }) => ({ ...p, provides: [...p.provides, { name: p.name, op: '=', version: `${p.version}-${p.release}` }] });
  it('carries the groups in dependency order, each with its own commands (kernels -i), and erases old kernels only after the last', () => {
    const kernel = provide(needs(kcore('6.1.12-1'), 'dracut'));
    const dracut = provide(pkg('dracut', '2.0-1'));
    const ssh = provide(pkg('openssh-server', '9.0-1'));
    const installed = [kcore('6.1.5-1'), kcore('6.1.10-1'), pkg('dracut', '1.0-1'), pkg('openssh-server', '8.0-1')];
    const plan = makeRpmPlan(input(['-Uvh', '--nodeps'], [kernel, ssh, dracut], installed, { oneAtATime: true, keepKernels: 2, runningKernel: '6.1.10-1.x86_64' }));
    const groups = plan.increments?.map((g) => g.packages);
    expect(groups).toEqual([['dracut-2.0-1.x86_64'], ['kernel-core-6.1.12-1.x86_64'], ['openssh-server-9.0-1.x86_64']]);
    const [first, second] = plan.increments ?? [];
    expect(first?.steps.map((s) => s.args)).toEqual([['-Uvh', '--nodeps', '--', dracut.file]]);
    expect(second?.steps.map((s) => [s.purpose, s.args[0]])).toEqual([['kernels', '-ivh']]);
    // the commands the run carries out: every group's, then the erase step
    expect(plan.steps.map((s) => s.purpose)).toEqual(['userland', 'kernels', 'userland', 'erase-old-kernels']);
    expect(plan.steps.at(-1)?.packages).toEqual(['kernel-core-6.1.5-1.x86_64']);
  });
  it('leaves the plan without groups when not asked', () => {
    expect(makeRpmPlan(input(['-Uvh'], [pkg('dracut', '2.0-1')], [])).increments).toBeUndefined();
  });
});

describe('classification', () => {
  it('follows the install-only rule, not the name', () => {
    expect(classify(pkg('kernel', '6.1-1'), config).installOnly).toBe(true);
    expect(classify(pkg('kernel-headers', '6.1-1'), config).installOnly).toBe(false);
    expect(classify(pkg('super_kernel', '6.1-1'), config).installOnly).toBe(false);
    const thirdParty = classify(pkg('acme-linux', '5.4-1', { files: [{ path: '/boot/vmlinuz-5.4-acme', flags: 0, mode: 0o100644 }] }), config);
    expect(thirdParty).toMatchObject({ installOnly: true, thirdPartyKernel: true });
    expect(thirdParty.reason).toMatch(/third-party kernel/);
    const kmod = classify(pkg('kmod-foo', '1-1', { files: [{ path: '/lib/modules/5.14.0/extra/foo.ko', flags: 0, mode: 0o100644 }] }), config);
    expect(kmod.installOnly).toBe(false);
    const fedora = classify(pkg('kernel-core-custom', '6.5-1', { files: [{ path: '/lib/modules/6.5-1.x86_64/vmlinuz', flags: 0, mode: 0o100644 }] }), config);
    expect(fedora.installOnly).toBe(true);
  });
});
