/**
 * Attack 7 of issue 16: a package file in a folder another user can write is
 * replaced after saferpm's checks (headers, classification, rpm --test) and
 * before rpm installs it. The swap is made at the worst instant by an rpm
 * wrapper (SAFERPM_RPM) that, when the transaction starts, moves the other
 * user's file into place as that user (setpriv), then runs the real rpm.
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { NOBODY, asNobody, giveToNobody } from '../helpers/other-user.js';
import { installed, rpm, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild', 'setpriv') && needRoot('acting as another user with setpriv');
const V1 = kuname('v1');
const named = (set: string[], prefix: string): string => set.find((f) => path.basename(f).startsWith(prefix)) as string;

/** An rpm that lets the other user swap TARGET for EVIL just before the first install transaction. */
function swappingRpm(target: string, evil: string): string {
  const dir = tempDir('saferpm-attack-rpm-');
  const mark = path.join(dir, 'swapped');
  const script = path.join(dir, 'rpm');
  writeFileSync(script, `#!/bin/bash
test=0; install=0
for a in "$@"; do
  case "$a" in --test) test=1 ;; -U*|-i*) install=1 ;; esac
done
if [ $install = 1 ] && [ $test = 0 ] && [ ! -e '${mark}' ]; then
  : > '${mark}'
  /usr/bin/setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups /bin/mv -f '${evil}' '${target}'
fi
exec /usr/bin/rpm "$@"
`);
  chmodSync(script, 0o755);
  return script;
}

describe.runIf(run)('attack: a package swapped after the checks', () => {
  let v1: string[];
  let v2: string[];
  let v3: string[];
  beforeAll(async () => {
    [v1, v2, v3] = [(await buildRelease('v1')).all, (await buildRelease('v2')).all, (await buildRelease('v3')).all];
  });

  it('a package in another user\'s folder is installed from saferpm\'s private copy: the swap changes nothing', async () => {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...v1])).exitCode).toBe(0);
    const top = tempDir('saferpm-attack-drop-');
    const drop = path.join(top, 'drop');
    mkdirSync(drop, { mode: 0o755 });
    giveToNobody(top, drop);
    const target = path.join(drop, path.basename(named(v2, 'dracut-')));
    const evil = path.join(drop, '.evil.rpm');
    expect((await asNobody('cp', [named(v2, 'dracut-'), target])).exitCode).toBe(0);
    expect((await asNobody('cp', [named(v3, 'openssh-server-'), evil])).exitCode).toBe(0);

    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', V1, target], { env: { SAFERPM_RPM: swappingRpm(target, evil) } });
    const now = await installed(root);
    expect(now).toContain('dracut-2.0-1.noarch');
    expect(now).toContain('openssh-server-1.0-1.noarch');
    expect(now).not.toContain('openssh-server-3.0-1.noarch');
    expect(r.stderr).toContain("1 package file was copied into saferpm's private folder and installed from there: another user could change it");
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
  });
});
