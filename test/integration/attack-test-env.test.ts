/**
 * Part of 11 in issue 16: the variables that steer saferpm for tests
 * (SAFERPM_FAULT, SAFERPM_RPM, SAFERPM_SENDMAIL) must not steer a root run
 * from an environment someone else set. A root run honours SAFERPM_FAULT
 * only when SAFERPM_TEST_MODE names root's test-mode file, and runs a
 * SAFERPM_RPM only when root owns it and its folder (src/state/test-mode.ts).
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { releasePair } from '../helpers/build-rpms.js';
import { NOBODY, giveToNobody } from '../helpers/other-user.js';
import { installed, rootWith, saferpm, tempDir } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild') && needRoot('the rule is about root runs');

describe.runIf(run)('attack: test-only variables in the environment of a root run', () => {
  let v1 = '';
  let v2 = '';
  beforeAll(async () => {
    ({ v1, v2 } = await releasePair('openssh-server-'));
  });

  it('SAFERPM_FAULT without test mode is ignored: the run is not killed; with it, it is', async () => {
    const root = await rootWith([v1]);
    const fault = { SAFERPM_FAULT: 'before-rename:record.json:1' };
    const off = await saferpm(['-Uvh', '--root', root, v2], { env: { ...fault, SAFERPM_TEST_MODE: '' } });
    expect(off.exitCode, off.stderr).toBe(EXIT.OK);
    expect(await installed(root)).toContain('openssh-server-2.0-1.noarch');
    // a test-mode file another user wrote does not count either
    const theirs = path.join(tempDir('saferpm-attack-env-'), 'test-mode');
    writeFileSync(theirs, 'saferpm test mode\n', { mode: 0o644 });
    giveToNobody(path.dirname(theirs), theirs);
    const root2 = await rootWith([v1]);
    const forged = await saferpm(['-Uvh', '--root', root2, v2], { env: { ...fault, SAFERPM_TEST_MODE: theirs } });
    expect(forged.exitCode, forged.stderr).toBe(EXIT.OK);
    // the suite's own test mode: the fault fires (SIGKILL before the first record)
    const root3 = await rootWith([v1]);
    const on = await saferpm(['-Uvh', '--root', root3, v2], { env: fault });
    expect(on.exitCode).not.toBe(EXIT.OK);
  });

  it('SAFERPM_RPM naming another user\'s program is refused (77) by a root run, and never run', async () => {
    const root = await rootWith([v1]);
    const dir = tempDir('saferpm-attack-env-');
    chmodSync(dir, 0o755);
    const marker = path.join(dir, 'ran');
    const fake = path.join(dir, 'rpm');
    writeFileSync(fake, `#!/bin/sh\n: > '${marker}'\nexec /usr/bin/rpm "$@"\n`, { mode: 0o755 });
    giveToNobody(dir, fake);
    const r = await saferpm(['-Uvh', '--root', root, v2], { env: { SAFERPM_RPM: fake, SAFERPM_TEST_MODE: '' } });
    expect(r.exitCode, r.stderr).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`SAFERPM_RPM=${fake}: ${fake} is owned by uid ${NOBODY}, not by root; a root run does not use it`);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(path.join(root, 'etc/ssh/moduli'), 'utf8')).toContain('1.0');
  });
});
