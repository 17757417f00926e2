/** The audit's header query formats, on output captured from rpm 4.18 (fixtures/audit). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChangelogs, evrOfName } from '../../../src/audit/parse-changelog.js';
import { parseFileAttrs } from '../../../src/audit/parse-file-attrs.js';
import { ParseError } from '../../../src/errors.js';
import { FIXTURES } from '../../helpers/paths.js';

const captured = (name: string): string => readFileSync(path.join(FIXTURES, 'audit', name), 'utf8');

describe('file attributes (rpm -q --qf FILE_ATTRS_FORMAT)', () => {
  const pkgs = parseFileAttrs(captured('rpm-q-file-attrs-rpm418-openssh-notinstalled-dracut.txt'));

  it('reads each package with its files, skipping "package X is not installed"', () => {
    expect(pkgs.map((p) => [p.name, p.nevra, p.digestAlgo, p.files.length])).toEqual([
      ['openssh-server', 'openssh-server-1.0-1.noarch', 8, 6],
      ['dracut', 'dracut-1.0-1.noarch', 8, 3],
    ]);
  });

  it('reads flags, modes, owners, digests and states; absent capabilities are empty', () => {
    const sshd = pkgs[0]?.files.find((f) => f.path === '/etc/ssh/sshd_config');
    expect(sshd).toEqual({
      path: '/etc/ssh/sshd_config', flags: 17, mode: 0o100600, user: 'root', group: 'root', caps: '',
      digest: '01b5dca52cbc9dd05c3f4fd7d4e901b6622d658fb8e2f8e3689fed721ad1737a', linkTo: '', state: 'normal',
    });
    expect(pkgs[0]?.files.find((f) => f.path === '/etc/ssh')?.mode).toBe(0o40755);
  });

  it('names the line of a damaged record', () => {
    expect(() => parseFileAttrs('\x1efoo\x1ffoo-1-1.noarch\n')).toThrow(new ParseError('rpm -q', 1, 1, 'expected 4 fields in a package record, found 2'));
    expect(() => parseFileAttrs('\x1efoo\x1ffoo-1-1.noarch\x1f8\x1fetc\x1c0\x1d\n')).toThrow(/expected 9 attributes per file, found 2/);
  });
});

describe('changelogs (rpm -qp --qf CHANGELOG_FORMAT)', () => {
  const logs = parseChangelogs(captured('rpm-qp-changelog-rpm418-openssh-3.0-dracut-3.0-kernel-core.txt'));

  it('reads entries newest first, with texts over several lines, and packages without a changelog', () => {
    expect(logs.map((l) => [l.name, l.evr, l.entries.length])).toEqual([['openssh-server', '3.0-1', 3], ['dracut', '3.0-1', 3], ['kernel-core', '6.1.15-1', 0]]);
    expect(logs[0]?.entries[1]).toEqual({
      time: 1738584000, date: '2025-02-03', name: 'Saferpm Tests <tests@saferpm.invalid> - 2.0-1', evr: '2.0-1',
      text: '- Release 2.0: new default sshd_config\n- Fix CVE-2025-0001 (fake)',
    });
    expect(logs[1]?.entries[0]?.evr).toBeUndefined();
  });

  it.each([
    ['Jane Doe <jane@example.com> - 2.0-1', '2.0-1'],
    ['Jane Doe <jane@example.com> 2.0-1.fc40', '2.0-1.fc40'],
    ['Jane Doe <jane@example.com> - 1:2.0~rc1-0.1', '1:2.0~rc1-0.1'],
    ['Jane Doe <jane@example.com> -2.0-1', '2.0-1'],
    ['Jane Doe <jane@example.com>', undefined],
    ['jane@example.com', undefined],
    ['Jane Doe <jane@example.com> - version bump', undefined],
  ])('the EVR of the name line %j is %j', (name, evr) => {
    expect(evrOfName(name)).toBe(evr);
  });

  // Any input: test/fuzz/audit.test.ts.
  it('refuses output that was cut short', () => {
    expect(() => parseChangelogs('\x1efoo\x1f1-1\x1fnoarch\x1f12\x1cx')).toThrow(/not terminated/);
    expect(() => parseChangelogs('\x1efoo\x1f1-1\x1fnoarch\x1fsoon\x1cx\x1cy\x1d\x03\n')).toThrow(/changelog time is not a number: "soon"/);
  });
});
