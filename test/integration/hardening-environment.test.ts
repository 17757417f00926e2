/**
 * The environment and the argument vectors saferpm gives rpm, whatever its
 * own environment holds: saferpm is run with a hostile one (another locale,
 * LD_PRELOAD, BASH_ENV, IFS, POSIXLY_CORRECT, ...) and SAFERPM_RPM naming a
 * wrapper that writes down each call's environment and arguments, then execs
 * the real rpm. Every rpm saferpm starts gets the fixed environment (LC_ALL=C,
 * for output saferpm parses; only the documented variables passed on) and
 * the package files as separate arguments after `--` (saferpm's private
 * copies of the files it checked), never through a shell.
 */
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, ensureRpmHome } from '../helpers/build-rpms.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, pick, tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const HOSTILE = {
  LC_ALL: 'de_DE.UTF-8', LANG: 'fr_FR.UTF-8', LANGUAGE: 'de', LC_MESSAGES: 'de_DE.UTF-8', LD_PRELOAD: '', LD_LIBRARY_PATH: '/nonexistent',
  BASH_ENV: '/nonexistent/evil.sh', ENV: '/nonexistent/evil.sh', IFS: '/', POSIXLY_CORRECT: '1', RPM_SAFERPM_TEST_MARK: 'leak',
};

describe.runIf(needTools('rpm', 'rpmbuild', 'sh'))('the environment and arguments rpm gets', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
  });

  it('a fixed environment (LC_ALL=C, nothing else passed on) and the package files as arguments after --, whatever saferpm was started with', async () => {
    const calls = tempDir();
    const wrapper = path.join(tempDir(), 'rpm-wrapper');
    const realRpm = (await execa('sh', ['-c', 'command -v rpm'])).stdout.trim();
    writeFileSync(wrapper, `#!/bin/sh\nd=${calls}/$$\nmkdir "$d"\nenv > "$d/env"\nfor a in "$@"; do printf '%s\\0' "$a"; done > "$d/argv"\nexec ${realRpm} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const files = tempDir();
    const odd = path.join(files, `--eval=%(touch pwned) $(id) ; "x".rpm`);
    writeFileSync(odd, readFileSync(pick(v1.userland, 'openssh-server-')));
    const root = tempRoot();
    const r = await execa('node', [DIST_CLI, '-Uvh', '--root', root, odd], {
      env: { ...HOSTILE, HOME: ensureRpmHome(), PATH: process.env.PATH ?? '/usr/bin:/bin', SAFERPM_RPM: wrapper },
      extendEnv: false,
      cwd: files,
      reject: false,
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(await installed(root)).toEqual(['openssh-server-1.0-1.noarch']);
    expect(readdirSync(files)).toEqual([path.basename(odd)]); // nothing was run from the name
    const runs = readdirSync(calls);
    expect(runs.length).toBeGreaterThanOrEqual(2); // the header query, the preflight, the transaction, the after-queries
    for (const id of runs) {
      const env = Object.fromEntries(readFileSync(path.join(calls, id, 'env'), 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(env.LC_ALL, id).toBe('C');
      expect(env.LANG, id).toBe('C');
      for (const name of ['LANGUAGE', 'LC_MESSAGES', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'BASH_ENV', 'ENV', 'POSIXLY_CORRECT', 'RPM_SAFERPM_TEST_MARK']) expect(env[name], `${name} in ${id}`).toBeUndefined();
      const argv = readFileSync(path.join(calls, id, 'argv'), 'utf8').split('\0').slice(0, -1);
      expect(argv.filter((a) => a.startsWith('--eval')), argv.join(' ')).toEqual([]);
    }
    const installs = runs.map((id) => readFileSync(path.join(calls, id, 'argv'), 'utf8').split('\0').slice(0, -1)).filter((a) => a[0] === '-Uvh' && !a.includes('--test'));
    // the transaction reads saferpm's private copy of the file it checked, after --
    expect(installs).toHaveLength(1);
    // (Debian's rpm also gets --force-debian, last before '--': src/rpm/debian.ts)
    const debian = /--force-debian/.test((await execa(realRpm, ['--help'], { reject: false })).stdout);
    expect(installs[0]).toEqual(['-Uvh', '--root', root, ...(debian ? ['--force-debian'] : []), '--', expect.stringMatching(/\/saferpm-files-[^/]+\/\d+\.rpm$/)]);
  });
});
