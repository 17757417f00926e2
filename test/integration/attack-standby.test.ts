/**
 * Attacks 2 and 8 of issue 16: `saferpm undo` installs, as root, the standby
 * copies a run found. (2) A standby folder another user owns: they swap the
 * file after the run, and undo installed theirs and ran its scriptlets. Now
 * such a folder is not searched, and each copy's SHA-256 and header NEVRA are
 * recorded when found and checked on a private copy before use. (8) A run
 * without a kernel recorded its standby copies nowhere, so undo said "no
 * standby copy" (79).
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { asNobody, giveToNobody } from '../helpers/other-user.js';
import { installed, rpm, saferpm, tempDir } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const V1 = kuname('v1');
const run = needTools('rpm', 'rpmbuild', 'setpriv') && needRoot('acting as another user with setpriv');
let v1: string[] = [];
let v2: string[] = [];
let v3: string[] = [];
const templates: string[] = [];

/** v1 by plain rpm, its files in /srv/standby (owned by `owner`), then `files` through saferpm -Uvh. */
async function afterRun(files: string[], owner: 'root' | 'nobody'): Promise<{ root: string; id: string; stderr: string }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-attack-standby-'));
  templates.push(root);
  chmodSync(root, 0o755);
  mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
  mkdirSync(path.join(root, 'boot'));
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  expect((await rpm(root, ['-ivh', ...v1])).exitCode).toBe(0);
  mkdirSync(path.join(root, 'srv/standby'), { recursive: true, mode: 0o755 });
  for (const f of v1) copyFileSync(f, path.join(root, 'srv/standby', path.basename(f)));
  if (owner === 'nobody') {
    giveToNobody(root, path.join(root, 'srv/standby'));
    for (const f of v1) giveToNobody(root, path.join(root, 'srv/standby', path.basename(f)));
  }
  writeFileSync(path.join(root, 'etc/saferpm/plan.toml'), '[policy]\nstandby_dirs = ["/srv/standby"]\n', { mode: 0o644 });
  const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', V1, ...files]);
  expect(r.exitCode, r.stderr).toBe(0);
  const id = execFileSync('ls', [path.join(root, 'var/lib/saferpm/runs')], { encoding: 'utf8' }).trim().split('\n')[0] as string;
  return { root, id, stderr: r.stderr };
}

function copyOf(template: string): string {
  const root = tempDir('saferpm-attack-standby-');
  execFileSync('cp', ['-a', `${template}/.`, root]);
  return root;
}

const named = (set: string[], prefix: string): string => set.find((f) => path.basename(f).startsWith(prefix)) as string;

describe.runIf(run)('attack: undo installs what sits at the standby path', () => {
  beforeAll(async () => {
    [v1, v2, v3] = [(await buildRelease('v1')).all, (await buildRelease('v2')).all, (await buildRelease('v3')).all];
  });
  afterAll(() => {
    for (const t of templates) rmSync(t, { recursive: true, force: true });
  });

  it('a standby folder another user owns is not searched (said at the run); their swapped file is never installed', async () => {
    const { root, id, stderr } = await afterRun(v2, 'nobody');
    expect(stderr).toContain('standby folder /srv/standby not searched: ');
    expect(stderr).toMatch(/srv\/standby is owned by uid 65534, not by root/);
    // the attacker swaps the dracut copy for another package (v3's) under the same name
    const target = path.join(root, 'srv/standby/dracut-1.0-1.noarch.rpm');
    expect((await asNobody('cp', [named(v3, 'dracut-'), `${target}.new`])).exitCode).toBe(0);
    expect((await asNobody('mv', [`${target}.new`, target])).exitCode).toBe(0);
    const before = await installed(root);
    const u = await saferpm(['undo', id, '--root', root, '--running-kernel', V1]);
    expect(u.exitCode, u.stderr).toBe(EXIT.REFUSED);
    expect(u.stderr).toContain('no standby copy of dracut-1.0-1.noarch');
    expect(await installed(root)).toEqual(before);
  });

  it('a copy changed since the run (a root-owned folder) is refused by its SHA-256 before anything changes', async () => {
    const { root: template, id } = await afterRun(v2, 'root');
    const root = copyOf(template);
    copyFileSync(named(v3, 'dracut-'), path.join(root, 'srv/standby/dracut-1.0-1.noarch.rpm'));
    const before = await installed(root);
    const u = await saferpm(['undo', id, '--root', root, '--running-kernel', V1]);
    expect(u.exitCode, u.stderr).toBe(EXIT.REFUSED);
    expect(u.stderr).toMatch(/the standby copy is not what the run found: \/srv\/standby\/dracut-1\.0-1\.noarch\.rpm \(its SHA-256 is [0-9a-f]{16}\.\.\., the run recorded [0-9a-f]{16}\.\.\.\); nothing was changed/);
    expect(await installed(root)).toEqual(before);
    // the unchanged machine undoes: the copies checked are the ones installed
    const ok = await saferpm(['undo', id, '--root', copyOf(template), '--running-kernel', V1]);
    expect(ok.exitCode, ok.stderr).toBe(EXIT.OK);
  });

  it('8: undo of a run without a kernel finds the standby copies the run recorded', async () => {
    // openssh-server is neither a kernel nor boot-critical (dracut is): no recovery note is written
    const { root, id } = await afterRun([named(v2, 'openssh-server-')], 'root');
    const u = await saferpm(['undo', id, '--root', root, '--running-kernel', V1]);
    expect(u.exitCode, u.stderr).toBe(EXIT.OK);
    expect((await installed(root)).filter((p) => p.startsWith('openssh-server-'))).toEqual(['openssh-server-1.0-1.noarch']);
  });
});
