/**
 * Local dnf repositories made by the real createrepo_c from the fake packages
 * (optionally with an updateinfo.xml added by modifyrepo_c), and the real dnf
 * run against a temporary --installroot. dnf always gets reposdir=/dev/null
 * (no host repositories), the repository by --repofrompath, metadata_expire=0
 * (a repository rebuilt in place is re-read), --releasever and --nogpgcheck
 * (the test packages are unsigned; Debian's /etc/dnf/dnf.conf says gpgcheck=True).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type Result } from 'execa';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildRelease } from './build-rpms.js';
import { archName, type ReleaseName } from './fixture-matrix.js';
import { tempRoot, testEnv } from './roots.js';

export const REPO_ID = 'updates';

/**
 * A repository holding the given releases; updateinfo is a file whose 'x86_64' is replaced by
 * this machine's arch. Made in beforeAll: the caller removes it (afterAll) with rmSync.
 */
export async function makeRepo(releases: ReleaseName[], updateinfo?: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-repo-'));
  for (const r of releases) for (const f of (await buildRelease(r)).all) copyFileSync(f, path.join(dir, path.basename(f)));
  await run('createrepo_c', ['-q', dir]);
  if (updateinfo) {
    const file = path.join(dir, 'updateinfo.xml'); // createrepo_c has run: the file is not indexed
    writeFileSync(file, readFileSync(updateinfo, 'utf8').replaceAll('x86_64', archName()));
    await run('modifyrepo_c', [file, path.join(dir, 'repodata')]);
  }
  return dir;
}

/**
 * Inside a describe: the repository of release v1 and the one of v1+v2+v3,
 * built before its tests and removed after them. The fields are set in beforeAll.
 */
export function v1AndAllRepos(): { v1: string; all: string } {
  const repos = { v1: '', all: '' };
  beforeAll(async () => {
    [repos.v1, repos.all] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2', 'v3'])]);
  });
  afterAll(() => {
    for (const dir of [repos.v1, repos.all]) if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return repos;
}

/** A new temporary root with these packages installed from the repository by the real, plain dnf. */
export async function installedRoot(repo: string, packages: string[] = ['kernel', 'openssh-server']): Promise<string> {
  const root = tempRoot();
  const r = await dnf([...dnfOptions(root, repo), '-y', '-q', 'install', ...packages]);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return root;
}

/** dnf's options for a test root and repository (before the command). */
export function dnfOptions(root: string, repo: string): string[] {
  return [
    `--installroot=${root}`, '--setopt=reposdir=/dev/null', `--repofrompath=${REPO_ID},file://${repo}`,
    '--setopt=metadata_expire=0', '--releasever=9', '--nogpgcheck',
  ];
}

/** The real dnf with the test HOME (its .rpmmacros puts the rpm database at /var/lib/rpm). */
export async function dnf(args: string[]): Promise<Result> {
  return execa('dnf', args, { reject: false, env: testEnv(), extendEnv: true });
}

async function run(file: string, args: string[]): Promise<void> {
  const r = await execa(file, args, { reject: false });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed:\n${String(r.stderr)}`);
}
