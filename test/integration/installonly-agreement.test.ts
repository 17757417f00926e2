/**
 * One install-only definition (src/dnf-config/installonly.ts) for both paths:
 * `saferpm -Uvh` (the real rpm) and `saferpm dnf upgrade` (the real dnf) on
 * temporary roots holding kernel 6.1.10 (kernel, kernel-core, kernel-modules),
 * under the same configuration, count the same packages as install-only in
 * their run records. The configuration can add names, never take dnf's
 * defaults away: with `installonlypkgs=` (dnf: clears the list) and with a
 * yum.conf whose list replaces yum's default, kernel-modules (which only
 * provides installonlypkg(kernel-module)) is still a kernel package, and the
 * rpm path installs it beside the old one instead of upgrading it in place.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { installed, rootWith, saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

interface Change { name: string; installOnly: boolean }
const KERNEL = ['kernel', 'kernel-core', 'kernel-modules'];

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('install-only: the rpm path and the dnf path agree', () => {
  let v1: string[];
  let v2: string[];
  let repo: string;
  beforeAll(async () => {
    [v1, v2, repo] = await Promise.all([buildRelease('v1').then((r) => r.all), buildRelease('v2').then((r) => r.all), makeRepo(['v1', 'v2'])]);
  });
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  async function rootWithConfig(file: string, text: string): Promise<string> {
    const root = await rootWith(v1);
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    return root;
  }

  const installOnly = (report: string): string[] =>
    (JSON.parse(readFileSync(report, 'utf8')).packages as Change[]).filter((p) => p.installOnly).map((p) => p.name).sort();

  /** saferpm -Uvh of release 2: the install-only names of its record and what is installed after. */
  async function rpmPath(root: string) {
    const report = path.join(tempDir(), 'rpm.json');
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), '--report', report, ...v2]);
    expect(r.exitCode, r.stderr).toBe(0);
    return { installOnly: installOnly(report), after: await installed(root) };
  }

  /** saferpm dnf upgrade to release 2 (dnf's own reading of the file decides what dnf does). */
  async function dnfPath(root: string, ...more: string[]) {
    const report = path.join(tempDir(), 'dnf.json');
    const r = await saferpm(['dnf', ...dnfOptions(root, repo), ...more, 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1'), '--saferpm-allow-fewer-kernels', '--saferpm-report', report]);
    expect([0, 80], r.stderr).toContain(r.exitCode); // 80: dnf itself erased the running kernel (cleared list)
    return { installOnly: installOnly(report), after: await installed(root) };
  }

  const both = (after: string[], name: string) => [`${name}-${kuname('v1')}`, `${name}-${kuname('v2')}`].every((p) => after.includes(p));

  it('dnf.conf without installonlypkgs (the default list)', async () => {
    const conf = '[main]\ngpgcheck=0\n';
    const [r, d] = await Promise.all([rpmPath(await rootWithConfig('etc/dnf/dnf.conf', conf)), dnfPath(await rootWithConfig('etc/dnf/dnf.conf', conf))]);
    expect(r.installOnly).toEqual(KERNEL);
    expect(d.installOnly).toEqual(r.installOnly);
    for (const name of KERNEL) {
      expect(both(r.after, name), name).toBe(true);
      expect(both(d.after, name), name).toBe(true);
    }
  });

  it('dnf.conf with installonlypkgs= (cleared): still kernels on both paths; the rpm path keeps kernel-modules 6.1.10', async () => {
    const conf = '[main]\ninstallonlypkgs=\n';
    const [r, d] = await Promise.all([rpmPath(await rootWithConfig('etc/dnf/dnf.conf', conf)), dnfPath(await rootWithConfig('etc/dnf/dnf.conf', conf))]);
    expect(r.installOnly).toEqual(KERNEL);
    expect(d.installOnly).toEqual(r.installOnly);
    for (const name of KERNEL) expect(both(r.after, name), name).toBe(true);
    // dnf, told the list is empty, upgraded in place: saferpm counted it as a kernel all the same
    expect(d.after).not.toContain(`kernel-modules-${kuname('v1')}`);
  });

  it('yum.conf whose installonlypkgs replaces the default: the defaults still count on both paths', async () => {
    const conf = '[main]\ninstallonlypkgs=kernel-core\n';
    const rRoot = await rootWithConfig('etc/yum.conf', conf);
    const dRoot = await rootWithConfig('etc/yum.conf', conf);
    const [r, d] = await Promise.all([rpmPath(rRoot), dnfPath(dRoot, `--config=${path.join(dRoot, 'etc/yum.conf')}`)]);
    expect(r.installOnly).toEqual(KERNEL);
    expect(d.installOnly).toEqual(r.installOnly);
    for (const name of KERNEL) expect(both(r.after, name), name).toBe(true);
  });
});
