/**
 * Every package in fixtures/upstream/rpm (from rpm's, createrepo_c's,
 * dnf's and libdnf's test suites) read through the real rpm in one process,
 * compared with INDEX.tsv, and classified.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/rpm/classify.js';
import { DEFAULT_INSTALLONLY } from '../../src/dnf-config/installonly.js';
import type { RpmPackage } from '../../src/rpm/package.js';
import { readPackageFiles } from '../../src/rpm/query.js';
import { ensureRpmHome } from '../helpers/build-rpms.js';
import { UPSTREAM } from '../helpers/paths.js';
import { needTools } from '../helpers/tools.js';
import { saferpm, tempRoot } from '../helpers/roots.js';

const DIR = path.join(UPSTREAM, 'rpm');
const rpmInv = { binary: 'rpm', globalArgs: [] };

interface Row { path: string; name: string; epoch: string; version: string; release: string; arch: string; source: boolean }

function index(): Row[] {
  return readFileSync(path.join(DIR, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const f = l.split('\t');
    return { path: f[0] as string, name: f[3] as string, epoch: f[4] === '(none)' ? '0' : (f[4] as string), version: f[5] as string, release: f[6] as string, arch: f[7] as string, source: f[8] === '1' };
  });
}

describe.runIf(needTools('rpm'))('the upstream packages', () => {
  let rows: Row[];
  let pkgs: RpmPackage[];
  beforeAll(async () => {
    process.env.HOME = ensureRpmHome();
    rows = index();
    pkgs = (await readPackageFiles(rpmInv, rows.map((r) => path.join(DIR, r.path)))).packages;
  });

  it('reads every header in one rpm process, matching INDEX.tsv (non-UTF-8 headers included)', () => {
    expect(rows.length).toBeGreaterThan(50);
    expect(pkgs.map((p) => [p.name, p.epoch, p.version, p.release, p.arch, p.isSource])).toEqual(rows.map((r) => [r.name, r.epoch, r.version, r.release, r.arch, r.source]));
    const latin = pkgs[rows.findIndex((r) => r.name === 'balicek-iso88592')] as RpmPackage;
    expect(latin.provides.length).toBeGreaterThan(0);
  });

  it('classifies by the install-only rule: dummy kernels yes; super_kernel, kernel-doc, kernel-headers no', () => {
    const cfg = { names: DEFAULT_INSTALLONLY, source: 'dnf default' };
    const verdict = (name: string) => [...new Set(pkgs.filter((p) => p.name === name).map((p) => classify(p, cfg).installOnly))];
    expect(verdict('kernel')).toEqual([true]);
    expect(verdict('super_kernel')).toEqual([false]);
    expect(verdict('kernel-doc')).toEqual([false]);
    expect(verdict('kernel-headers')).toEqual([false]);
    expect(verdict('glibc')).toEqual([false]);
  });

  it('says clearly which package is corrupted or truncated (rpm --test verifies every payload), and passes good ones', async () => {
    const root = tempRoot();
    const good = ['rpm/RPMS/foo-1.0-1.noarch.rpm', 'createrepo_c/packages/Archer-3.4.5-6.x86_64.rpm', 'createrepo_c/packages/balicek-iso88592-1.1.1-1.x86_64.rpm'].map((f) => path.join(DIR, f));
    const ok = await saferpm(['-U', '--test', '--nodeps', '--ignorearch', '--root', root, ...good]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    for (const bad of ['rpm/RPMS/hello-2.0-1.x86_64-corrupted.rpm', 'rpm/misc/hello.intro']) {
      const file = path.join(DIR, bad);
      const r = await saferpm(['-U', '--test', '--nodeps', '--ignorearch', '--root', root, file]);
      expect(r.exitCode, r.stderr).toBe(65);
      const line = r.stderr.split('\n').find((l) => l.startsWith('saferpm: error:'));
      expect(line).toMatch(/: is corrupted or truncated: Payload SHA256 (ALT )?digest: BAD; nothing was changed$/);
      expect(line).toContain(file);
    }
  });
});
