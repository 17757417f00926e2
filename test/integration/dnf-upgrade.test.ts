/**
 * saferpm dnf|yum upgrade with the real dnf 4 on a temporary --installroot:
 * a repository made by createrepo_c from the fake packages v1, v2, v3 (with
 * advisories added by modifyrepo_c), v1 installed by the real dnf first.
 */
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnf, dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { FIXTURES } from '../helpers/paths.js';
import { installed, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const UPDATEINFO = path.join(FIXTURES, 'dnf/updateinfo-kernel-reboot-openssh-cve.xml');

function onlyRecord(root: string): Record<string, any> {
  const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  expect(runs).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json'), 'utf8'));
}

const kernels = (list: string[]) => list.filter((p) => /^kernel(-core|-modules)?-\d/.test(p));

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c', 'modifyrepo_c'))('saferpm dnf upgrade', () => {
  let v1Repo: string;
  let allRepo: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2', 'v3'], UPDATEINFO)]);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function rootWith(...versions: string[]): Promise<string> {
    const root = tempRoot();
    const r = await dnf([...dnfOptions(root, v1Repo), '-y', '-q', 'install', 'kernel', 'openssh-server']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    for (const v of versions) {
      const more = await dnf([...dnfOptions(root, allRepo), '-y', '-q', 'install', `kernel-${v}`]);
      expect(more.exitCode, String(more.stderr)).toBe(0);
    }
    return root;
  }

  it('keeps the old kernel beside the new one, says a reboot is needed, and writes verdict, note, record and report under the root', async () => {
    const root = await rootWith();
    const report = path.join(tempDir(), 'report.json');
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1'), '--saferpm-report', report]);
    expect(r.exitCode, r.stderr).toBe(0);
    const after = await installed(root);
    for (const name of ['kernel', 'kernel-core', 'kernel-modules']) {
      expect(after).toContain(`${name}-${kuname('v1')}`);
      expect(after).toContain(`${name}-${kuname('v3')}`);
    }
    expect(after).toContain('openssh-server-3.0-1.noarch');
    expect(r.stderr).toContain(`Kernels: ${kuname('v1')} -> ${kuname('v1')}, ${kuname('v3')}`);
    expect(r.stderr).toContain(`FAKE-2024-0001 security Important CVE-2024-1086: kernel-core-6.1.15-1.${kuname('v3').split('.').pop()} (reboot suggested)`);
    expect(r.stderr).toContain('FAKE-2024-0002 security Moderate CVE-2024-6387: openssh-server-3.0-1.noarch\n');
    expect(r.stderr).toMatch(/Reboot: needed after this transaction, because advisory FAKE-2024-0001 suggests a reboot/);
    expect(r.stdout).toContain('Complete!'); // dnf's own output, live

    const record = onlyRecord(root);
    expect(record).toMatchObject({ tool: 'dnf', status: 'succeeded', exitCode: 0, root, runningKernel: kuname('v1') });
    expect(record.commands.map((c: { purpose: string; exitCode: number }) => [c.purpose, c.exitCode])).toEqual([['dnf', 0]]);
    expect(record.commands[0].argv).not.toContain('--saferpm-report');
    expect(record.packages.find((p: { name: string }) => p.name === 'kernel-core')).toMatchObject({ before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.15-1'], action: 'installed-beside', installOnly: true });
    expect(record.packages.find((p: { name: string }) => p.name === 'openssh-server')).toMatchObject({ before: ['1.0-1'], after: ['3.0-1'], action: 'upgraded' });
    expect(record.plan.reboot.needed).toBe(true);
    expect(record.boot).toMatchObject({ safe: true });
    expect(record.note.path).toMatch(/^\/var\/lib\/saferpm\/notes\/.+\.txt$/);
    expect(existsSync(path.join(root, record.note.path))).toBe(true);
    expect(JSON.parse(readFileSync(report, 'utf8')).id).toBe(record.id);
  });

  it('installonly_limit=2 with two kernels: dnf erases the oldest, two stay side by side, and that is not refused', async () => {
    const root = await rootWith('6.1.12');
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), '--setopt=installonly_limit=2', 'upgrade', '-y', '--saferpm-running-kernel', kuname('v2')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(kernels(await installed(root))).toEqual([
      `kernel-${kuname('v2')}`, `kernel-${kuname('v3')}`, `kernel-core-${kuname('v2')}`, `kernel-core-${kuname('v3')}`,
      `kernel-modules-${kuname('v2')}`, `kernel-modules-${kuname('v3')}`,
    ]);
    expect(r.stderr).toContain(`Kernels: ${kuname('v1')}, ${kuname('v2')} -> ${kuname('v2')}, ${kuname('v3')} (installonly_limit 2, --setopt=installonly_limit=2)`);
    expect(onlyRecord(root).packages.find((p: { name: string }) => p.name === 'kernel-core')).toMatchObject({ after: ['6.1.12-1', '6.1.15-1'], action: 'upgraded' });
  });

  it('saferpm yum update -y works the same when yum is dnf; without yum it says dnf is there', async () => {
    const root = await rootWith();
    const bin = tempDir('saferpm-bin-');
    symlinkSync('/usr/bin/dnf', path.join(bin, 'yum'));
    const r = await saferpm(['yum', ...dnfOptions(root, allRepo), 'update', '-y', '--saferpm-running-kernel', kuname('v1')], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(kernels(await installed(root))).toHaveLength(6);
    expect(onlyRecord(root)).toMatchObject({ tool: 'yum', status: 'succeeded' });

    const noYum = tempDir('saferpm-bin-');
    symlinkSync('/usr/bin/dnf', path.join(noYum, 'dnf'));
    symlinkSync(process.execPath, path.join(noYum, 'node'));
    const missing = await saferpm(['yum', 'update', '-y'], { env: { PATH: noYum } });
    expect(missing.exitCode).toBe(69);
    expect(missing.stderr).toContain(`yum is not on PATH, but dnf is (${noYum}/dnf)`);
  });

  it('without a terminal and without -y, dnf would answer no: saferpm says so, changes nothing, exits 1 and does not wait', async () => {
    const root = await rootWith();
    const before = await installed(root);
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade'], { input: '' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('there is no terminal: like dnf in a script, the answer is its default, no; nothing was changed (give -y to carry it out)');
    expect(await installed(root)).toEqual(before);
    expect(existsSync(path.join(root, 'var/lib/saferpm/runs'))).toBe(false);
  });

  it('--saferpm-dry-run prints the plan and runs no transaction; dnf refusing the request passes its error and exit code', async () => {
    const root = await rootWith();
    const before = await installed(root);
    const dry = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Plan (dry run: nothing is changed) for dnf upgrade');
    expect(dry.stdout).toMatch(/Command: \/usr\/bin\/dnf .* upgrade -y {2}\(dry run: command not executed\)/);
    const bad = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'install', '-y', 'no-such-package']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("saferpm: dnf refused 'install' (exit 1); nothing was changed");
    expect(bad.stderr).toContain('Error: Unable to find a match: no-such-package');
    expect(await installed(root)).toEqual(before);
  });
});
