/** Kernels before and after captured dnf transactions, and the refusals. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelFindings, kernelOutcome, type InstalledInstallOnly } from '../../../src/dnf/kernels/check.js';
import { parseTransaction } from '../../../src/dnf/resolve/parse-table.js';
import { classify } from '../../../src/rpm/classify.js';
import { DEFAULT_INSTALLONLY } from '../../../src/dnf-config/installonly.js';
import type { RpmPackage } from '../../../src/rpm/package.js';
import { FIXTURES } from '../../helpers/paths.js';

const tx = (name: string) => parseTransaction(readFileSync(path.join(FIXTURES, 'dnf', name), 'utf8'));

/** The fake kernel packages of fixtures/specs at one version, as rpm -q reads them. */
function kernelAt(version: string): InstalledInstallOnly[] {
  const u = `${version}-1.x86_64`;
  const dir = (p: string) => ({ path: p, flags: 0, mode: 0o40755 });
  const file = (p: string) => ({ path: p, flags: 0, mode: 0o100644 });
  const pkgs: RpmPackage[] = [
    pkg('kernel', version, [], []),
    pkg('kernel-core', version, ['installonlypkg(kernel)'], [file(`/boot/vmlinuz-${u}`), dir(`/lib/modules/${u}`), file(`/lib/modules/${u}/modules.dep`)]),
    pkg('kernel-modules', version, ['installonlypkg(kernel-module)'], [file(`/lib/modules/${u}/kernel/fake.ko`)]),
  ];
  return pkgs.map((p) => ({ pkg: p, cls: classify(p, { names: DEFAULT_INSTALLONLY, source: 'dnf default' }) }));
}

function pkg(name: string, version: string, provides: string[], files: RpmPackage['files']): RpmPackage {
  return {
    name, epoch: '0', version, release: '1', arch: 'x86_64', isSource: false, summary: '',
    provides: [{ name, op: '=', version: `${version}-1` }, ...provides.map((p) => ({ name: p, op: '', version: '' }))], requires: [], files,
  };
}

describe('kernelOutcome and kernelFindings', () => {
  it('upgrade with the default limit: the new kernel is installed beside, nothing erased, no finding', () => {
    const o = kernelOutcome(kernelAt('6.1.10'), tx('assumeno-upgrade-kernel-beside-obsoletes-skip-broken.txt'));
    expect(o).toMatchObject({ before: ['6.1.10-1.x86_64'], after: ['6.1.10-1.x86_64', '6.1.15-1.x86_64'], erased: [] });
    expect(kernelFindings(o)).toEqual([]);
  });

  it('installonlypkgs cleared: the only kernel is upgraded in place, which is refused with the override named', () => {
    const o = kernelOutcome(kernelAt('6.1.10'), tx('assumeno-upgrade-installonlypkgs-cleared-kernel-upgraded-in-place.txt'));
    expect(o.after).toEqual(['6.1.15-1.x86_64']);
    expect(o.erased).toEqual(['kernel-6.1.10-1.x86_64', 'kernel-core-6.1.10-1.x86_64', 'kernel-modules-6.1.10-1.x86_64']);
    const f = kernelFindings(o);
    expect(f.map((x) => [x.level, x.code, x.override])).toEqual([['refuse', 'fewer-kernels', '--saferpm-allow-fewer-kernels']]);
    expect(f[0]?.message).toContain('leaves only 6.1.15-1.x86_64: nothing to fall back to');
  });

  it('installonly_limit=2 with two kernels: the oldest goes, two stay: no refusal; erasing the running one is', () => {
    const installed = [...kernelAt('6.1.10'), ...kernelAt('6.1.12')];
    const o = kernelOutcome(installed, tx('assumeno-upgrade-limit-2-removes-oldest-kernel.txt'));
    expect(o.after).toEqual(['6.1.12-1.x86_64', '6.1.15-1.x86_64']);
    expect(kernelFindings(o, { runningKernel: '6.1.12-1.x86_64' })).toEqual([]);
    expect(kernelFindings(o, { runningKernel: '6.1.10-1.x86_64' }).map((x) => x.code)).toEqual(['running-kernel-erased']);
  });

  it('remove kernel-core with one kernel installed: no kernel left', () => {
    const o = kernelOutcome(kernelAt('6.1.10'), tx('assumeno-remove-kernel-core-dependent-and-unused.txt'));
    expect(o.after).toEqual([]);
    expect(kernelFindings(o)[0]?.message).toContain('leaves no kernel');
  });

  it('kernel-modules upgraded in place while its kernel stays: that kernel would lose its modules', () => {
    const t = tx('assumeno-upgrade-installonlypkgs-cleared-kernel-upgraded-in-place.txt');
    t.items = t.items.filter((i) => i.name === 'kernel-modules');
    const o = kernelOutcome([...kernelAt('6.1.10'), ...kernelAt('6.1.12')], t);
    expect(kernelFindings(o).map((x) => x.code)).toEqual(['kernel-part-erased']);
  });
});

describe('fewer than two kernels, the running one staying', () => {
  const undoOfUpgrade = {
    before: ['6.1.10-1.x86_64', '6.1.15-1.x86_64'], after: ['6.1.10-1.x86_64'],
    erased: ['kernel-core-6.1.15-1.x86_64'], erasedVersions: [{ nevra: 'kernel-core-6.1.15-1.x86_64', kernelVersions: ['6.1.15-1.x86_64'] }],
  };

  it("'history undo' and 'history rollback' back to the running kernel alone: a warning, not a refusal", () => {
    for (const command of ['history undo', 'history rollback']) {
      expect(kernelFindings(undoOfUpgrade, { command, runningKernel: '6.1.10-1.x86_64' }).map((f) => [f.level, f.code])).toEqual([['warn', 'fewer-kernels-undo']]);
    }
  });

  it('the same erase by another command: refused, and the narrower override is enough', () => {
    expect(kernelFindings(undoOfUpgrade, { command: 'remove', runningKernel: '6.1.10-1.x86_64' }).map((f) => [f.level, f.code, f.override])).toEqual([
      ['refuse', 'fewer-kernels', '--saferpm-allow-only-running-kernel'],
    ]);
  });

  it('undo while running the kernel it erases, or with the running kernel unknown: refused, only the broad override', () => {
    expect(kernelFindings({ ...undoOfUpgrade, after: ['6.1.10-1.x86_64'] }, { command: 'history undo', runningKernel: '6.1.15-1.x86_64' }).map((f) => [f.code, f.override])).toEqual([
      ['fewer-kernels', '--saferpm-allow-fewer-kernels'], ['running-kernel-erased', '--saferpm-allow-fewer-kernels'],
    ]);
    expect(kernelFindings(undoOfUpgrade, { command: 'history undo' }).map((f) => [f.code, f.override])).toEqual([['fewer-kernels', '--saferpm-allow-fewer-kernels']]);
    expect(kernelFindings(undoOfUpgrade, { command: 'history undo' })[0]?.message).toContain('with --saferpm-running-kernel VERSION, going back to it alone is allowed');
  });

  it('undo that erases part of the running kernel: refused', () => {
    const part = { ...undoOfUpgrade, erased: ['kernel-modules-6.1.10-1.x86_64'], erasedVersions: [{ nevra: 'kernel-modules-6.1.10-1.x86_64', kernelVersions: ['6.1.10-1.x86_64'] }] };
    expect(kernelFindings(part, { command: 'history undo', runningKernel: '6.1.10-1.x86_64' }).map((f) => [f.level, f.code])).toEqual([
      ['refuse', 'fewer-kernels'], ['refuse', 'running-kernel-erased'], ['refuse', 'kernel-part-erased'],
    ]);
  });
});
