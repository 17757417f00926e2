/**
 * Changelog entries between the installed version and a new package, read
 * from real headers (fixtures/specs: openssh-server names carry the EVR,
 * dracut's do not, so dracut falls back to dnf's date rule).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { changelogBetween, changelogsBetween } from '../../src/audit/changelog.js';
import { renderChangelogs } from '../../src/audit/render.js';
import { buildRelease, ensureRpmHome } from '../helpers/build-rpms.js';
import { rpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild');
const files: Record<string, string> = {};

beforeAll(async () => {
  if (!run) return;
  process.env.HOME = ensureRpmHome();
  for (const r of ['v1', 'v3'] as const) {
    for (const f of (await buildRelease(r)).userland) files[`${path.basename(f).replace(/-\d.*$/, '')}-${r}`] = f;
  }
});

describe.runIf(run)('changelog between the installed and the new version', () => {
  it('lists the entries after the installed EVR, newest first', async () => {
    const inv = { binary: 'rpm', globalArgs: ['--root', tempRoot()] }; // never the host's database
    const entries = await changelogBetween(inv, files['openssh-server-v3'] as string, '1.0-1');
    expect(entries.map((e) => [e.date, e.evr, e.text])).toEqual([
      ['2025-03-03', '3.0-1', '- Release 3.0: sshd_config drops the deprecated UsePrivilegeSeparation'],
      ['2025-02-03', '2.0-1', '- Release 2.0: new default sshd_config\n- Fix CVE-2025-0001 (fake)'],
    ]);
    expect(await changelogBetween(inv, files['openssh-server-v3'] as string, '0:3.0-1')).toEqual([]);
  });

  it('uses the installed package\'s newest entry date when the name lines carry no EVR, in one batch', async () => {
    const root = tempRoot();
    expect((await rpm(root, ['-Uvh', files['dracut-v1'] as string])).exitCode).toBe(0);
    const inv = { binary: 'rpm', globalArgs: ['--root', root] };
    const logs = await changelogsBetween(inv, [
      { packageFile: files['openssh-server-v3'] as string, installedEvr: '2.0-1' },
      { packageFile: files['dracut-v3'] as string, installedEvr: '1.0-1' },
    ]);
    expect(logs.map((l) => [l.name, l.evr, l.entries.map((e) => e.text), l.total])).toEqual([
      ['openssh-server', '3.0-1', ['- Release 3.0: sshd_config drops the deprecated UsePrivilegeSeparation'], 3],
      ['dracut', '3.0-1', ['- dracut 3.0', '- dracut 2.0'], 3],
    ]);
    expect(renderChangelogs(logs, 1)).toEqual([
      'Changelogs (entries newer than the installed version):',
      '  openssh-server 2.0-1 -> 3.0-1: 1 new entry',
      '    * 2025-03-03 Saferpm Tests <tests@saferpm.invalid> - 3.0-1',
      '      - Release 3.0: sshd_config drops the deprecated UsePrivilegeSeparation',
      '  dracut 1.0-1 -> 3.0-1: 2 new entries',
      '    * 2025-03-03 Saferpm Tests <tests@saferpm.invalid>',
      '      - dracut 3.0',
      `    ... 1 more: rpm -qp --changelog ${files['dracut-v3']}`,
    ]);
  });
});
