import { describe, expect, it } from 'vitest';
import { isNewer } from '../../../src/audit/changelog.js';
import type { ConfigFileReport } from '../../../src/audit/config-report.js';
import { verdictOf } from '../../../src/audit/integrity-tool.js';
import { printable, renderAuditReport, renderConfigReport } from '../../../src/audit/render.js';
import type { ChangelogEntry } from '../../../src/audit/parse-changelog.js';

const entry = (evr: string | undefined, time = 1000): ChangelogEntry => ({ time, date: '1970-01-01', name: 'x', text: '', ...(evr ? { evr } : {}) });

describe('which changelog entries are newer than the installed version', () => {
  it.each([
    ['2.0-1', '1.0-1', true],
    ['2.0-1', '2.0-1', false],
    ['2.0-1', '2.0-1.el9', false], // name lines carry no dist tag: same version, not newer
    ['2.0-2', '2.0-1.el9', true],
    ['2.0-1', '1:1.0-1', true], // name lines rarely carry the epoch: compared without it
    ['1:2.0-1', '2:1.0-1', false],
    ['2.1', '2.0-5', true],
    ['2.0~rc1-1', '2.0-1', false],
  ])('entry %s against installed %s: %s', (evr, installed, newer) => {
    expect(isNewer(entry(evr), installed, undefined)).toBe(newer);
  });

  it('falls back to the installed newest entry date (dnf), and to everything without one', () => {
    expect(isNewer(entry(undefined, 2000), '1.0-1', 1000)).toBe(true);
    expect(isNewer(entry(undefined, 1000), '1.0-1', 1000)).toBe(false);
    expect(isNewer(entry(undefined, 1), '1.0-1', undefined)).toBe(true);
  });
});

describe('report text', () => {
  const files: ConfigFileReport[] = [
    { path: '/etc/a.conf', outcome: 'unchanged', packageBefore: 'a-1-1.noarch', noreplace: true },
    { path: '/etc/ssh/sshd_config', outcome: 'kept-rpmnew', packageBefore: 'o-1-1.noarch', packageAfter: 'o-2-1.noarch', noreplace: true, locallyModified: true, rpmnew: '/etc/ssh/sshd_config.rpmnew' },
    { path: '/etc/ssh/moduli', outcome: 'replaced', packageBefore: 'o-1-1.noarch', packageAfter: 'o-2-1.noarch', noreplace: false, locallyModified: true, rpmsave: '/etc/ssh/moduli.rpmsave' },
    { path: '/etc/b.conf', outcome: 'replaced', packageBefore: 'b-1-1.noarch', packageAfter: 'b-2-1.noarch', noreplace: false, locallyModified: false },
  ];

  it('puts overwritten files first, the admin\'s own changes before packaged defaults', () => {
    expect(renderConfigReport(files, '20261127T140512Z-3f9a1c')).toEqual([
      'Configuration files: 4 saved before the transaction, 3 changed by it',
      '  /etc/ssh/moduli: replaced by o-2-1.noarch; your version is in /etc/ssh/moduli.rpmsave and in the backup',
      '  /etc/b.conf: replaced by b-2-1.noarch (it was the packaged default)',
      '  /etc/ssh/sshd_config: kept your version; the new default is /etc/ssh/sshd_config.rpmnew (compare: diff -u /etc/ssh/sshd_config /etc/ssh/sshd_config.rpmnew)',
      '  1 unchanged',
      '  to put a saved file back: saferpm restore 20261127T140512Z-3f9a1c FILE',
    ]);
  });

  it('shows terminal control sequences from headers and file names as ?', () => {
    expect(printable('ok\x1b[2J\x9b31m\ttab\nline')).toBe('ok?[2J?31m\ttab\nline');
    const text = renderAuditReport({ config: [{ ...files[1] as ConfigFileReport, path: '/etc/\x1b]0;pwned\x07' }] });
    expect(text).not.toMatch(/[\x1b\x07]/);
  });

  it.each([
    ['/usr/sbin/aide', 0, 'clean'], ['aide', 4, 'changes'], ['aide', 7, 'changes'], ['aide', 17, 'error'],
    ['tripwire', 2, 'changes'], ['tripwire', 8, 'error'], ['tripwire', 12, 'error'], ['my-check', 1, 'error'],
  ] as const)('%s exiting %i: %s', (tool, code, verdict) => {
    expect(verdictOf(tool, code)).toBe(verdict);
  });
});
