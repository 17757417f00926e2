/**
 * Attack 1 of issue 16: a %config file in a folder another user owns (a
 * service account's /srv/svc/conf). After the run that user replaces the
 * folder with a symlink to root's folder; `saferpm restore` must not follow
 * it and write there as root. rpm itself does not follow such a link
 * (lib/fsm.c, CVE-2021-35939).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryOutput } from '../../src/output/output.js';
import { EXIT } from '../../src/errors.js';
import { ensureRpmHome, releasePair } from '../helpers/build-rpms.js';
import { rootAfterConfigRun } from '../helpers/config-run.js';
import { asNobody, giveToNobody } from '../helpers/other-user.js';
import { rpm } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild', 'setpriv') && needRoot('acting as another user with setpriv');
let v1 = '';
let v2 = '';

beforeAll(async () => {
  if (!run) return;
  process.env.HOME = ensureRpmHome();
  ({ v1, v2 } = await releasePair('openssh-server-'));
});

/** A root after a run that saved the admin's moduli, /etc and /etc/ssh given to another user (as /srv/svc/conf would be). */
async function afterRun(): Promise<{ root: string; id: string }> {
  const { root, id } = await rootAfterConfigRun(v1, v2, { 'etc/ssh/moduli': '# admin moduli\n' });
  giveToNobody(root, path.join(root, 'etc'));
  giveToNobody(root, path.join(root, 'etc/ssh'));
  mkdirSync(path.join(root, 'victim'), { mode: 0o755 });
  return { root, id };
}

describe.runIf(run)('attack: restore through a parent folder swapped for a symlink', () => {
  it('a link another user made in place of a parent folder is not followed: refused (77), nothing written', async () => {
    const { root, id } = await afterRun();
    const etc = path.join(root, 'etc');
    expect((await asNobody('mv', [path.join(etc, 'ssh'), path.join(etc, 'ssh.real')])).exitCode).toBe(0);
    expect((await asNobody('ln', ['-s', '/victim', path.join(etc, 'ssh')])).exitCode).toBe(0);

    const out = memoryOutput();
    expect(await main(['restore', id, '--root', root], out)).toBe(EXIT.NOPERM);
    expect(out.stderr.join('\n')).toMatch(/\/etc\/ssh: is a symbolic link \(to \/victim\) owned by uid 65534.*does not follow it.*nothing was restored/);
    expect(readdirSync(path.join(root, 'victim'))).toEqual([]);
    expect(lstatSync(path.join(etc, 'ssh')).isSymbolicLink()).toBe(true);
  });

  it('a link root made (a distribution\'s /etc/ssh -> ssh.real) is followed, and the file restored there', async () => {
    const { root, id } = await afterRun();
    const etc = path.join(root, 'etc');
    expect((await asNobody('mv', [path.join(etc, 'ssh'), path.join(etc, 'ssh.real')])).exitCode).toBe(0);
    symlinkSync('ssh.real', path.join(etc, 'ssh'));
    const ok = memoryOutput();
    expect(await main(['restore', id, '/etc/ssh/moduli', '--root', root], ok)).toBe(EXIT.OK);
    expect(readFileSync(path.join(etc, 'ssh.real/moduli'), 'utf8')).toBe('# admin moduli\n');
    expect(existsSync(path.join(root, 'victim/moduli'))).toBe(false);
  });
});
