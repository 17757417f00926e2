/**
 * Attack 5 of issue 16 (and the count of 11): an admin's edit to a file that
 * is not %config (a unit file under /usr/lib/systemd/system). rpm -V flags it
 * before the run, rpm overwrites it with no .rpmsave (only %config files get
 * one), and no copy existed. Now every file rpm -V finds edited among the
 * files of the packages a run replaces is saved with the %config files,
 * reported, and `saferpm restore` puts it back. The report's count says how
 * many files were saved, not how many changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { releasePair } from '../helpers/build-rpms.js';
import { rootWith, saferpm } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const UNIT = '/usr/lib/systemd/system/sshd.service';
const EDIT = '[Service]\n# the admin\'s edit, in the packaged file itself\nLimitNOFILE=65536\n';

describe.runIf(needTools('rpm', 'rpmbuild'))('attack: an edited file that is not %config', () => {
  let v1 = '';
  let v2 = '';
  beforeAll(async () => {
    ({ v1, v2 } = await releasePair('openssh-server-'));
  });

  it('is saved before the run, reported as replaced and restorable, and restore puts it back', async () => {
    const root = await rootWith([v1]);
    writeFileSync(path.join(root, UNIT), EDIT);
    const r = await saferpm(['-Uvh', '--root', root, '--report', path.join(root, 'report.json'), v2]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(readFileSync(path.join(root, UNIT), 'utf8')).not.toBe(EDIT); // rpm overwrote it, as it does
    const report = JSON.parse(readFileSync(path.join(root, 'report.json'), 'utf8'));
    const unit = report.audit.configFiles.find((f: { path: string }) => f.path === UNIT);
    expect(unit).toMatchObject({ outcome: 'replaced', notConfig: true });
    const text = r.stdout + r.stderr;
    expect(text).toContain(`${UNIT}: replaced by openssh-server`);
    expect(text).toContain('not a %config file, so rpm kept no .rpmsave: your edited version is in the backup');
    // 11: the count is of the files saved (sshd_config, moduli, the unit), not of those changed
    expect(text).toMatch(/Configuration files: 3 saved before the transaction, \d changed by it/);

    const back = await saferpm(['restore', report.id, UNIT, '--root', root]);
    expect(back.exitCode, back.stderr).toBe(EXIT.OK);
    expect(readFileSync(path.join(root, UNIT), 'utf8')).toBe(EDIT);
  });
});
