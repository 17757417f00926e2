/**
 * Attack 9 of issue 16: terminal escape sequences in strings another user
 * controls reach root's terminal. Here a package file another user named
 * with an OSC sequence (which retitles the terminal) and a CSI sequence
 * (which clears the screen) is installed by root, then `saferpm history`
 * shows the run. Every line saferpm prints now goes through one sanitiser
 * (src/output/printable.ts, applied by src/output/output.ts), as changelogs
 * already did; the control characters become '?'.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { releasePair } from '../helpers/build-rpms.js';
import { asNobody, giveToNobody } from '../helpers/other-user.js';
import { rootWith, saferpm, tempDir } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild', 'setpriv') && needRoot('acting as another user with setpriv');
const ESC = '\u001b';

describe.runIf(run)('attack: escape sequences in names another user chose', () => {
  let v1 = '';
  let v2 = '';
  beforeAll(async () => {
    ({ v1, v2 } = await releasePair('openssh-server-'));
  });

  it('a package file named with OSC and CSI sequences: the run and history print them as ?', async () => {
    const root = await rootWith([v1]);
    const top = tempDir('saferpm-attack-esc-');
    const drop = path.join(top, 'drop');
    mkdirSync(drop, { mode: 0o755 });
    giveToNobody(top, drop);
    const evilName = path.join(drop, `ssh${ESC}]0;root@prod: all fine\u0007${ESC}[2J.rpm`);
    expect((await asNobody('cp', [v2, evilName])).exitCode).toBe(0);

    const r = await saferpm(['-Uvh', '--root', root, evilName]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(r.stdout + r.stderr).not.toContain(ESC);

    const h = await saferpm(['history', '--root', root]);
    const id = h.stdout.split('\n')[1]?.split(' ')[0] as string;
    const one = await saferpm(['history', id, '--root', root]);
    expect(one.exitCode, one.stderr).toBe(EXIT.OK);
    expect(one.stdout).toContain('??[2J.rpm');
    expect(one.stdout + one.stderr).not.toContain(ESC);
  });
});
