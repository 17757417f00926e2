/**
 * saferpm's RPM installed the way admins install tools: dnf from a
 * createrepo_c repository, into a temporary installroot, pulling in the
 * nodejs it requires (a stand-in with Fedora's Epoch 1, fixtures/specs/nodejs.spec).
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { SPECS } from '../helpers/paths.js';
import { installed, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { blockDir, buildSaferpmRpm, distTag, saferpmNevra } from '../unit/ship/ship-support.js';

describe.runIf(needTools('rpm', 'rpmbuild', 'dnf', 'createrepo_c'))('dnf install saferpm from a repository', () => {
  const work = blockDir('saferpm-ship-dnf-');
  let saferpmRpm: string;
  let nevra: string;
  beforeAll(async () => {
    nevra = saferpmNevra('1', await distTag());
    saferpmRpm = (await buildSaferpmRpm('1', path.join(work.dir, 'out'))).binary;
  });
  afterAll(() => work.cleanup());

  async function repoWith(name: string, files: string[]): Promise<string> {
    const repo = path.join(work.dir, name);
    mkdirSync(repo, { recursive: true });
    for (const f of files) copyFileSync(f, path.join(repo, path.basename(f)));
    await execa('createrepo_c', ['-q', repo]);
    return repo;
  }

  function dnf(root: string, repo: string, args: string[]) {
    return execa('dnf', [
      '-y', '--installroot', root, '--setopt=reposdir=/dev/null', `--repofrompath=ship,file://${repo}`, '--repo', 'ship',
      '--setopt=metadata_expire=0', '--releasever=1', '--nogpgcheck', ...args,
    ], { reject: false, env: { HOME: ensureRpmHome(), LC_ALL: 'C' } });
  }

  it('installs saferpm and the nodejs it requires, with its files in place', async () => {
    const [node20] = await buildSpec(path.join(SPECS, 'nodejs.spec'), { nodever: '20.11.1' });
    const repo = await repoWith('good', [saferpmRpm, node20 as string]);
    const root = tempRoot();
    const r = await dnf(root, repo, ['install', 'saferpm']);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Installing dependencies:\n nodejs +noarch +1:20\.11\.1-1/);
    expect(await installed(root)).toEqual(['nodejs-20.11.1-1.noarch', nevra]);
    for (const f of ['usr/bin/saferpm', 'usr/lib/saferpm/saferpm.mjs', 'etc/saferpm/plan.toml', 'usr/share/bash-completion/completions/saferpm']) {
      expect(existsSync(path.join(root, f)), f).toBe(true);
    }
    expect(lstatSync(path.join(root, 'var/lib/saferpm')).mode & 0o7777).toBe(0o700);
  });

  it('refuses when the repository only has nodejs 18, naming the missing nodejs(engine) >= 20', async () => {
    const [node18] = await buildSpec(path.join(SPECS, 'nodejs.spec'), { nodever: '18.19.0' });
    const repo = await repoWith('old', [saferpmRpm, node18 as string]);
    const root = tempRoot();
    const r = await dnf(root, repo, ['install', 'saferpm']);
    expect(r.exitCode).toBe(1);
    expect(`${r.stdout}\n${r.stderr}`).toContain(`nothing provides nodejs(engine) >= 20 needed by ${nevra}`);
    expect(await installed(root)).toEqual([]);
  });
});
