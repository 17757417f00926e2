/**
 * The rpm path reads package headers without file lists except where they can
 * decide a classification (src/rpm/query.ts, fileLists 'kernel'): the real rpm
 * over this repository's kernel and userland packages, a package owning a file
 * in a kernel's modules tree, and every upstream package (fixtures/upstream/rpm).
 * Every package classifies the same and yields the same kernel versions as
 * with every file list read; file lists are asked for exactly where a file
 * sits under /boot/ or a modules tree, for package files and for installed
 * packages (rpm -q); withFileLists gives back the full lists.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/rpm/classify.js';
import { DEFAULT_INSTALLONLY } from '../../src/dnf-config/installonly.js';
import { kernelVersionsOf, type RpmPackage } from '../../src/rpm/package.js';
import { queryInstalled, readPackageFiles, withFileLists } from '../../src/rpm/query.js';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { SPECS, UPSTREAM } from '../helpers/paths.js';
import { rootWith } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const rpmInv = { binary: 'rpm', globalArgs: [] };
const rpmsUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.rpm')).map((f) => path.join(dir, f)).sort();

describe.runIf(needTools('rpm', 'rpmbuild'))('headers read with file lists only where kernels may be', () => {
  let files: string[];
  let release: string[];
  let all: RpmPackage[];
  let lean: RpmPackage[];
  beforeAll(async () => {
    process.env.HOME = ensureRpmHome();
    const [v1, slow, fileOfOldKernel] = await Promise.all([
      buildRelease('v1'),
      buildSpec(path.join(SPECS, 'kernel-slow-scriptlet.spec')),
      buildSpec(path.join(SPECS, 'file-of-old-kernel.spec')),
    ]);
    release = v1.all;
    files = [...release, ...slow, ...fileOfOldKernel, ...rpmsUnder(path.join(UPSTREAM, 'rpm'))];
    [all, lean] = await Promise.all([readPackageFiles(rpmInv, files).then((r) => r.packages), readPackageFiles(rpmInv, files, process.cwd(), undefined, 'kernel').then((r) => r.packages)]);
  });

  it('classifies every package the same and finds the same kernel versions', () => {
    const cfg = { names: DEFAULT_INSTALLONLY, source: 'dnf default' };
    const verdicts = (ps: RpmPackage[]) => ps.map((p) => [p.name, classify(p, cfg), kernelVersionsOf(p)]);
    expect(lean.length).toBe(files.length);
    expect(verdicts(lean)).toEqual(verdicts(all));
    const kernels = lean.filter((p) => classify(p, cfg).installOnly).map((p) => p.name);
    expect(kernels).toEqual(expect.arrayContaining(['kernel', 'kernel-core', 'kernel-modules', 'kernel-slow']));
    expect(lean.some((p) => classify(p, cfg).thirdPartyKernel)).toBe(false);
    // a list without installonlypkg(kernel): the kernels are known by their files alone
    const narrow = { names: ['kernel'], source: 'test' };
    expect(lean.map((p) => classify(p, narrow))).toEqual(all.map((p) => classify(p, narrow)));
    expect(lean.filter((p) => classify(p, narrow).thirdPartyKernel).map((p) => p.name).sort()).toEqual(['kernel-core', 'kernel-slow']);
  });

  it('asks for file lists only where a file is under /boot/ or a modules tree', () => {
    const withLists = lean.filter((p) => p.fileDirs === undefined).map((p) => p.name).sort();
    expect(withLists).toEqual(['file-of-old-kernel', 'kernel-core', 'kernel-modules', 'kernel-slow']);
    for (const p of lean) {
      if (p.fileDirs) expect(p.files, p.name).toEqual([]);
      else expect(p.files, p.name).toEqual((all.find((q) => q.file === p.file) as RpmPackage).files);
    }
    const dracut = lean.find((p) => p.name === 'dracut') as RpmPackage;
    expect(dracut.fileDirs?.length).toBeGreaterThan(0);
    expect(dracut.fileDirs?.every((d) => d.startsWith('/') && d.endsWith('/'))).toBe(true);
  });

  it('installed packages (rpm -q) the same way: the same verdicts, file lists only for the kernels', async () => {
    const root = await rootWith(release);
    const inRoot = { binary: 'rpm', globalArgs: ['--root', root] };
    const names = ['kernel', 'kernel-core', 'kernel-modules', 'dracut', 'openssh-server'];
    const [full, leanInstalled] = await Promise.all([queryInstalled(inRoot, names), queryInstalled(inRoot, names, false, 'kernel')]);
    const narrow = { names: ['kernel'], source: 'test' };
    expect(leanInstalled.map((p) => [p.name, classify(p, narrow), kernelVersionsOf(p)])).toEqual(full.map((p) => [p.name, classify(p, narrow), kernelVersionsOf(p)]));
    expect(leanInstalled.filter((p) => p.fileDirs === undefined).map((p) => p.name).sort()).toEqual(['kernel-core', 'kernel-modules']);
    expect(leanInstalled.find((p) => p.name === 'kernel-core')).toEqual(full.find((p) => p.name === 'kernel-core'));
  });

  it('withFileLists reads the rest: the same headers as reading every file list at once', async () => {
    const full = await withFileLists(rpmInv, lean);
    expect(full).toEqual(all);
  });
});
