/**
 * A failure dnf reports while exiting 0: a %post scriptlet that fails. dnf
 * prints "Error in POSTIN scriptlet in rpm package ..." on standard error and
 * completes; saferpm records it and exits 81, as on the rpm path.
 */
import { mkdtempSync, copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec } from '../helpers/build-rpms.js';
import { dnfOptions } from '../helpers/dnf-repo.js';
import { SPECS } from '../helpers/paths.js';
import { installed, saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf and a failing scriptlet', () => {
  let repo: string;
  beforeAll(async () => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'saferpm-repo-'));
    for (const f of await buildSpec(path.join(SPECS, 'failing-scriptlet.spec'))) copyFileSync(f, path.join(repo, path.basename(f)));
    await execa('createrepo_c', ['-q', repo]);
  });
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('installs, exits 81 and keeps dnf\'s problem line in the run record', async () => {
    const root = tempRoot();
    const r = await saferpm(['dnf', ...dnfOptions(root, repo), 'install', '-y', 'failing-scriptlet']);
    expect(r.exitCode, r.stderr).toBe(81);
    expect(r.stderr).toContain('saferpm: warning: dnf reported: Error in POSTIN scriptlet in rpm package failing-scriptlet');
    expect(await installed(root)).toContain('failing-scriptlet-1.0-1.noarch');
    const [id] = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
    const record = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', id as string, 'record.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 81 });
    expect(record.commands[0]).toMatchObject({ purpose: 'dnf', exitCode: 0, problems: ['Error in POSTIN scriptlet in rpm package failing-scriptlet'] });
  });

  it('with -q: dnf\'s own error, and one error line of saferpm\'s naming the run and the problem', async () => {
    const root = tempRoot();
    const r = await saferpm(['dnf', ...dnfOptions(root, repo), '-q', 'install', '-y', 'failing-scriptlet']);
    expect(r.exitCode, r.stderr).toBe(81);
    expect(r.stderr).toContain('Error in POSTIN scriptlet in rpm package failing-scriptlet'); // dnf's own
    const mine = r.stderr.split('\n').filter((l) => l.startsWith('saferpm: '));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/^saferpm: error: run \S+ ended with exit 81 \(succeeded\): Error in POSTIN scriptlet in rpm package failing-scriptlet; 'saferpm history \S+' shows it all$/);
  });
});
