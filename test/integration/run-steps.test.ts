/**
 * record.steps[] of real runs (the built CLI, the real rpm, a temporary
 * root): every safety step in the order it ran, with pass, warn or skip and
 * why, also in 'saferpm history ID'. A skipped step must not read as done:
 * the boot check turned off says skip, not pass.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunRecord } from '../../src/record/check.js';
import type { RunRecord } from '../../src/record/types.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { dnfOptions, installedRoot, makeRepo } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { rootWith, saferpm } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

/**
 * The run's record.json as written, after checking that reading it back
 * (src/record/check.ts) keeps all of it: the plan, the boot verdict and
 * every audit section a real run writes have the shape the check expects.
 */
function onlyRecord(root: string): RunRecord {
  const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  expect(runs).toHaveLength(1);
  const file = path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json');
  const text = readFileSync(file, 'utf8');
  const written = JSON.parse(text) as RunRecord;
  expect(parseRunRecord(text, file, runs[0] as string)).toEqual(written);
  return written;
}

const steps = (r: RunRecord): string[] => (r.steps ?? []).map((s) => `${s.phase} ${s.name}: ${s.outcome}${s.detail ? ` (${s.detail})` : ''}`);

describe.runIf(needTools('rpm', 'rpmbuild'))('the safety steps of a real run', () => {
  let v1: string[];
  let v2: string[];
  beforeAll(async () => {
    v1 = (await buildRelease('v1')).all;
    v2 = (await buildRelease('v2')).all;
  });

  it('a kernel upgrade: every step in order; what had nothing to do says skip and why; history lists them', async () => {
    const root = await rootWith(v1);
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2]);
    expect(r.exitCode, r.stderr).toBe(0);
    const record = onlyRecord(root);
    const seen = steps(record);
    expect(seen.slice(0, 5)).toEqual([
      'before changelogs: skip (not asked for (--changelog))',
      expect.stringMatching(/^before standby copies: warn \(no standby copy of \d+ of \d+ replaced packages\)$/),
      'before snapshot of processes, ports and services: pass',
      'before configuration backup: pass',
      'before integrity (rpm -V): pass',
    ]);
    expect(seen.slice(5, 11)).toEqual([
      'after snapshot of processes, ports and services: pass',
      'after configuration backup: pass',
      'after integrity (rpm -V): pass',
      'after boot check: pass (safe to reboot)',
      'after file-integrity tool: skip (the patch plan names no integrity_command)',
      'after recovery note: pass',
    ]);
    expect(seen.slice(11).map((s) => s.replace(/:.*/, ''))).toEqual(['after log', 'after summary']);

    const history = await saferpm(['history', '--root', root, record.id]);
    expect(history.exitCode, history.stderr).toBe(0);
    expect(history.stdout).toContain('Safety steps\n------------\n  before  skip  changelogs: not asked for (--changelog)\n');
    expect(history.stdout).toContain('  after   pass  boot check: safe to reboot\n');
  });

  it('--no-boot-check: the boot check says skip, turned off, and the warning stays', async () => {
    const root = await rootWith(v1);
    const r = await saferpm(['-Uvh', '--no-boot-check', '--root', root, '--running-kernel', kuname('v1'), ...v2]);
    expect(r.exitCode, r.stderr).toBe(0);
    const record = onlyRecord(root);
    expect(steps(record)).toContain('after boot check: skip (turned off (--no-boot-check))');
    expect(record.boot).toBeUndefined();
    expect(record.warnings).toContain('boot check skipped (--no-boot-check): nobody checked that this machine will boot');
  });

  it('an upgrade of a package nothing depends on at boot: boot check and note skip, no kernel changed', async () => {
    const root = await rootWith(v1);
    const ssh = v2.filter((f) => path.basename(f).startsWith('openssh-server-'));
    expect(ssh).toHaveLength(1);
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...ssh]);
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = steps(onlyRecord(root));
    expect(seen).toContain('after boot check: skip (no kernel or boot-critical package changed)');
    expect(seen).toContain('after recovery note: skip (no kernel or boot-critical package changed)');
  });
});

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('the safety steps of a real dnf run', () => {
  let v1Repo: string;
  let allRepo: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2'])]);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('dnf upgrade with a new kernel: the same steps, the dnf plan and every section read back whole', async () => {
    const root = await installedRoot(v1Repo);
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const record = onlyRecord(root);
    expect(record.plan && 'transaction' in record.plan).toBe(true);
    const seen = steps(record);
    expect(seen[0]).toBe('before changelogs: skip (not asked for (--changelog))');
    expect(seen).toContain('after boot check: pass (safe to reboot)');
    expect(seen).toContain('after recovery note: pass');
    expect(record.steps?.map((s) => s.phase)).toEqual([...Array(5).fill('before'), ...Array(8).fill('after')]);
  });
});
