/**
 * saferpm dnf beside plain dnf on identical installroots (v1 installed by the
 * real dnf, the same createrepo_c repository): what a cron job or a script
 * sees on stdout and stderr.
 * - -q: saferpm adds nothing of its own to a successful upgrade that changes
 *   no kernel, and one line (the boot verdict) when a kernel changed.
 * - dnf refusing the request: dnf's own lines stay on the stream dnf chose
 *   ("No match for argument: X" and the --skip-broken hint on stdout,
 *   "Error: ..." on stderr); saferpm adds one line on stderr (none with -q).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { dnf, dnfOptions, makeRepo, installedRoot } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { installed, saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

/** Text and one more line (the test helpers' execa strips the final newline of a stream). */
const plus = (text: string, line: string) => (text ? `${text}\n${line}` : line);

/**
 * What differs between two runs of dnf itself: the download speed (and the padding before it),
 * and "Last metadata expiration check: ...", which dnf prints when the download crossed a
 * second (dnf/base.py fill_sack: age != 0).
 */
const sameSpeed = (text: string) =>
  text.replace(/ +\d+(\.\d+)? [kMG]?B\/s/g, ' N B/s').replace(/^Last metadata expiration check: .*\n?/gm, '');

function records(root: string): Record<string, any>[] {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  return readdirSync(dir).sort().map((id) => JSON.parse(readFileSync(path.join(dir, id, 'record.json'), 'utf8')));
}

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf beside plain dnf', () => {
  let v1Repo: string;
  let allRepo: string;
  /** Only kernel-core 6.1.15, whose dracut is nowhere: dnf cannot resolve it. */
  let brokenRepo: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2', 'v3'])]);
    brokenRepo = mkdtempSync(path.join(os.tmpdir(), 'saferpm-repo-'));
    for (const f of (await buildRelease('v3')).kernel.filter((k) => path.basename(k).startsWith('kernel-core-'))) copyFileSync(f, path.join(brokenRepo, path.basename(f)));
    await execa('createrepo_c', ['-q', brokenRepo]);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo, brokenRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const v1Root = (): Promise<string> => installedRoot(v1Repo);

  /** The same command through saferpm and through plain dnf, each on its own identical root. */
  async function beside(repo: string, args: string[], roots: [string, string]) {
    const [mine, theirs] = roots;
    const s = await saferpm(['dnf', ...dnfOptions(mine, repo), ...args, '--saferpm-running-kernel', kuname('v1')]);
    const d = await dnf([...dnfOptions(theirs, repo), ...args]);
    return { saferpm: s, dnf: { exitCode: d.exitCode ?? 1, stdout: String(d.stdout), stderr: String(d.stderr) } };
  }

  it('-q, an upgrade that changes no kernel: stdout as dnf -q prints it, stderr holds nothing of saferpm\'s; the record keeps it all', async () => {
    const roots: [string, string] = [await v1Root(), await v1Root()];
    const r = await beside(allRepo, ['-q', 'upgrade', '-y', 'openssh-server'], roots);
    expect(r.saferpm.exitCode, r.saferpm.stderr).toBe(0);
    expect(r.dnf.exitCode).toBe(0);
    expect(r.saferpm.stdout).toBe(r.dnf.stdout);
    expect(r.saferpm.stderr).toBe(r.dnf.stderr);
    expect(r.saferpm.stderr).not.toContain('saferpm');
    expect(await installed(roots[0])).toEqual(await installed(roots[1]));
    const record = records(roots[0])[0] as Record<string, any>;
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(record.audit.summary.join('\n')).toContain('openssh-server.noarch: 1.0-1 -> 3.0-1 (upgraded)');
  });

  it('-q, an upgrade that installs a kernel: one line more than dnf -q, the boot verdict', async () => {
    const roots: [string, string] = [await v1Root(), await v1Root()];
    const r = await beside(allRepo, ['-q', 'upgrade', '-y'], roots);
    expect(r.saferpm.exitCode, r.saferpm.stderr).toBe(0);
    expect(r.saferpm.stdout).toBe(r.dnf.stdout);
    expect(r.saferpm.stderr).toBe(plus(r.dnf.stderr, 'saferpm: boot check: safe to reboot (kernel 6.1.15-1 installed)'));
  });

  it("dnf finds no such package: 'No match for argument' stays on stdout, dnf's error on stderr, exit 1, plus one line of saferpm's", async () => {
    const roots: [string, string] = [await v1Root(), await v1Root()];
    const r = await beside(allRepo, ['install', '-y', 'no-such-package', 'openssh-server'], roots);
    expect(r.dnf.exitCode).toBe(1);
    expect(r.dnf.stdout).toContain('No match for argument: no-such-package\n');
    expect(r.saferpm.exitCode).toBe(r.dnf.exitCode);
    expect(sameSpeed(r.saferpm.stdout)).toBe(sameSpeed(r.dnf.stdout));
    expect(r.saferpm.stderr).toBe(plus(r.dnf.stderr, "saferpm: dnf refused 'install' (exit 1); nothing was changed"));
    expect(r.saferpm.stderr).not.toContain('saferpm: error:');
  });

  it('... with -q: exactly what dnf -q prints, on the same streams', async () => {
    const roots: [string, string] = [await v1Root(), await v1Root()];
    const r = await beside(allRepo, ['-q', 'install', '-y', 'no-such-package'], roots);
    expect(r.dnf.exitCode).toBe(1);
    expect(r.saferpm).toEqual(r.dnf);
  });

  it("a dependency dnf cannot resolve: the '--skip-broken' hint stays on stdout, the problem on stderr", async () => {
    const roots: [string, string] = [tempRoot(), tempRoot()];
    const r = await beside(brokenRepo, ['install', '-y', 'kernel-core'], roots);
    expect(r.dnf.exitCode).toBe(1);
    expect(r.dnf.stdout).toContain("(try to add '--skip-broken' to skip uninstallable packages)");
    expect(r.dnf.stderr).toContain('nothing provides dracut >= 1.0 needed by kernel-core-6.1.15-1');
    expect(r.saferpm.exitCode).toBe(1);
    expect(sameSpeed(r.saferpm.stdout)).toBe(sameSpeed(r.dnf.stdout));
    expect(r.saferpm.stderr).toBe(plus(r.dnf.stderr, "saferpm: dnf refused 'install' (exit 1); nothing was changed"));
    expect(await installed(roots[0])).toEqual([]);
  });
});
