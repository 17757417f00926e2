/**
 * Attack 4 of issue 16: the rpm shim is what root runs as 'rpm'. Only the
 * prefix folder itself was checked: a folder above it that another user owns
 * lets them rename the whole prefix away and put their own 'rpm' in its
 * place; and `--rpm` accepted a binary another user owns (the shim execs it
 * as root for every rpm command). Now the whole chain up to / is checked.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { NOBODY, giveToNobody } from '../helpers/other-user.js';
import { saferpm, tempDir } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const REAL_RPM = '/usr/bin/rpm';
const run = needTools('rpm') && needRoot('giving folders to another user');

describe.runIf(run)('attack: the shim under a folder or with an rpm another user controls', () => {
  it('a prefix below a folder another user owns is refused (77), nothing written', async () => {
    const top = tempDir('saferpm-attack-shim-');
    const theirs = path.join(top, 'opt');
    mkdirSync(theirs, { mode: 0o755 });
    giveToNobody(top, theirs);
    const prefix = path.join(theirs, 'sbin');
    mkdirSync(prefix, { mode: 0o755 }); // root's own folder, but inside theirs
    const r = await saferpm(['shim', 'install', '--prefix', prefix, '--rpm', REAL_RPM]);
    expect(r.exitCode, r.stderr).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`--prefix ${prefix}: ${theirs} is owned by uid ${NOBODY}, not by root; root would run what another user put there as rpm`);
    expect(existsSync(path.join(prefix, 'rpm'))).toBe(false);
  });

  it('--rpm naming a binary another user owns (or one in their folder) is refused (77)', async () => {
    const top = tempDir('saferpm-attack-shim-');
    chmodSync(top, 0o755);
    const prefix = path.join(top, 'sbin');
    mkdirSync(prefix, { mode: 0o755 });
    const fake = path.join(top, 'rpm.real');
    copyFileSync(REAL_RPM, fake);
    chmodSync(fake, 0o755);
    giveToNobody(top, fake);
    const r = await saferpm(['shim', 'install', '--prefix', prefix, '--rpm', fake]);
    expect(r.exitCode, r.stderr).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`--rpm ${fake}: ${fake} is owned by uid ${NOBODY}, not by root; the shim would run it as root`);
    expect(existsSync(path.join(prefix, 'rpm'))).toBe(false);
  });
});
