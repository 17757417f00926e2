import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVerifyOutput } from '../../../src/audit/verify.js';
import { ParseError } from '../../../src/errors.js';
import { FIXTURES } from '../../helpers/paths.js';

const captured = (name: string): string => readFileSync(path.join(FIXTURES, 'audit', name), 'utf8');

describe('rpm -V output (captured from rpm 4.18)', () => {
  it('reads each file\'s failed tests, marker and missing files', () => {
    const r = parseVerifyOutput(captured('rpm-V-rpm418-openssh-dracut-tampered.txt'));
    expect(r.entries.map((e) => [e.path, e.marker, e.missing, e.differs])).toEqual([
      ['/etc/ssh/moduli', 'config', true, []],
      ['/etc/ssh/sshd_config', 'config', false, ['size', 'digest', 'mtime']],
      ['/usr/lib/systemd/system/sshd.service', 'none', false, ['mtime']],
      ['/usr/libexec/openssh/ssh-keysign', 'none', false, ['user', 'group']],
      ['/usr/sbin/sshd', 'none', false, ['mode']],
      ['/usr/bin/dracut', 'none', false, ['link']],
    ]);
    expect(r.other).toEqual([]);
  });

  it('reads the verbose form, where files that pass have an all-dots flag string', () => {
    const r = parseVerifyOutput(captured('rpm-Vv-rpm418-openssh-dracut-tampered.txt'));
    expect(r.entries).toHaveLength(9);
    expect(r.entries.filter((e) => !e.missing && e.differs.length === 0).map((e) => e.path)).toEqual(['/etc/ssh', '/etc/dracut.conf', '/etc/dracut.conf.d']);
  });
});

describe('rpm -V lines by rpm(8) and lib/verify.c', () => {
  it('reads "?" as a test that could not be performed, and the capabilities flag', () => {
    const [e] = parseVerifyOutput('??5????T.  c /etc/shadow\n........P    /usr/bin/ping\n').entries;
    expect(e).toMatchObject({ path: '/etc/shadow', differs: ['digest', 'mtime'], unknown: ['size', 'mode', 'device', 'link', 'user', 'group'] });
    expect(parseVerifyOutput('........P    /usr/bin/ping\n').entries[0]?.differs).toEqual(['caps']);
  });

  it('keeps spaces in file names and strips only rpm\'s own state and errno notes', () => {
    const r = parseVerifyOutput([
      'S.5....T.  d /usr/share/doc/a b (copy).txt',
      '.M.......    /usr/lib/x (replaced)',
      'missing   c /etc/secret (Permission denied)',
      'missing     /usr/lib/y (1)',
    ].join('\n'));
    expect(r.entries.map((e) => [e.path, e.state ?? e.error])).toEqual([
      ['/usr/share/doc/a b (copy).txt', undefined],
      ['/usr/lib/x', 'replaced'],
      ['/etc/secret', 'Permission denied'],
      ['/usr/lib/y (1)', undefined],
    ]);
  });

  it('reads rpm 4.4 lines (RHEL 5): 8 flags, an SELinux context column, one space', () => {
    // lib/verify.c of rpm 4.4: "%s%s%s%s%s%s%s%s%s %c %s", the 9th column ' ' when SELinux is off, 'C' or '.' when on.
    const r = parseVerifyOutput('S.5....T  c /etc/yum.conf\n.M......C   /bin/ping\n');
    expect(r.entries.map((e) => [e.path, e.marker, e.differs])).toEqual([
      ['/etc/yum.conf', 'config', ['size', 'digest', 'mtime']],
      ['/bin/ping', 'none', ['mode']],
    ]);
  });

  it('sorts other lines: not installed, dependency problems', () => {
    const r = parseVerifyOutput('package nosuch is not installed\nUnsatisfied dependencies for foo-1-1.noarch:\n\tbar is needed by foo-1-1.noarch\n');
    expect(r.notInstalled).toEqual(['nosuch']);
    expect(r.other).toEqual(['Unsatisfied dependencies for foo-1-1.noarch:', '\tbar is needed by foo-1-1.noarch']);
  });

  it('names the line and column of a flag string it cannot read', () => {
    const err = (() => { try { parseVerifyOutput('.........    /ok\nS.5..M.T.  c /etc/x\n'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toBe("rpm -V:2:6: expected '.', '?' or 'U' in rpm -V's flag string, found 'M'");
    expect(() => parseVerifyOutput('S.5....T.')).toThrow(/rpm -V:1:9: a flag string must be followed/);
    expect(() => parseVerifyOutput('S.5....T.  c etc/x')).toThrow(/file name is not absolute/);
  });

  // Any input: test/fuzz/audit.test.ts.
});
