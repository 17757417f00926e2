/**
 * --saferpm-changelog's pure parts: dnf repoquery --changelogs output
 * (captured from dnf 4.14, fixtures/dnf/repoquery-changelogs-*), the
 * arguments of the one repoquery process, and the report text of changelogs
 * read from repository metadata.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackageChangelog } from '../../../src/audit/changelog.js';
import { renderChangelogs } from '../../../src/audit/render.js';
import { notFound, repoqueryArgs } from '../../../src/dnf/changelogs/load.js';
import { parseRepoqueryChangelogs } from '../../../src/dnf/changelogs/parse.js';
import { queryGlobals } from '../../../src/dnf/cli/query-globals.js';
import { ParseError } from '../../../src/errors.js';
import { FIXTURES } from '../../helpers/paths.js';

const capture = (name: string) => readFileSync(path.join(FIXTURES, 'dnf', name), 'utf8');
const UPGRADE = capture('repoquery-changelogs-upgrade-kernel-dracut-epoch-nochangelog-openssh.txt');
const LIMIT_0 = capture('repoquery-changelogs-repo-made-with-changelog-limit-0.txt');

function parseError(text: string): ParseError {
  try {
    parseRepoqueryChangelogs(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('parsed without an error');
}

describe('dnf repoquery --changelogs output', () => {
  it('reads every package of the capture, in dnf\'s order, with each entry\'s date, author, EVR and text', () => {
    const logs = parseRepoqueryChangelogs(UPGRADE);
    expect(logs.map((l) => [l.nevra, l.name, l.evr, l.arch, l.entries.length])).toEqual([
      ['dracut-3.0-1.noarch', 'dracut', '3.0-1', 'noarch', 3],
      ['epochpkg-2:1.1-1.noarch', 'epochpkg', '2:1.1-1', 'noarch', 2],
      ['kernel-6.1.15-1.x86_64', 'kernel', '6.1.15-1', 'x86_64', 0],
      ['kernel-core-6.1.15-1.x86_64', 'kernel-core', '6.1.15-1', 'x86_64', 0],
      ['kernel-modules-6.1.15-1.x86_64', 'kernel-modules', '6.1.15-1', 'x86_64', 0],
      ['nochangelog-1.1-1.noarch', 'nochangelog', '1.1-1', 'noarch', 0],
      ['openssh-server-3.0-1.noarch', 'openssh-server', '3.0-1', 'noarch', 3],
    ]);
    const openssh = logs.at(-1)?.entries ?? [];
    expect(openssh.map((e) => [e.date, e.evr, e.name, e.text])).toEqual([
      ['2025-03-03', '3.0-1', 'Saferpm Tests <tests@saferpm.invalid> - 3.0-1', '- Release 3.0: sshd_config drops the deprecated UsePrivilegeSeparation'],
      ['2025-02-03', '2.0-1', 'Saferpm Tests <tests@saferpm.invalid> - 2.0-1', '- Release 2.0: new default sshd_config\n- Fix CVE-2025-0001 (fake)'],
      ['2025-01-01', '1.0-1', 'Saferpm Tests <tests@saferpm.invalid> - 1.0-1', '- First release'],
    ]);
    expect(openssh[0]?.time).toBe(Date.UTC(2025, 2, 3, 12) / 1000); // noon UTC of the date: the day is all dnf prints
    expect(logs[0]?.entries.map((e) => [e.evr, e.text])).toEqual([[undefined, '- dracut 3.0'], [undefined, '- dracut 2.0'], [undefined, '- dracut 1.0']]);
    expect(logs.map((l) => l.line)).toEqual([1, 11, 21, 22, 23, 24, 25]);
  });

  it('keeps an entry\'s indented lines, inner blank line and the words "Changelog for" as text', () => {
    const [entry] = parseRepoqueryChangelogs(UPGRADE)[1]?.entries ?? [];
    expect(entry).toMatchObject({ name: 'Jörg Müller <jm@example.invalid> - 2:1.1-1', evr: '2:1.1-1', date: '2025-04-01' });
    expect(entry?.text).toBe('- First paragraph of the 1.1 entry\n  continued on an indented line\n\n- A second paragraph after a blank line: Changelog for nothing');
  });

  it('a repository made with createrepo_c --changelog-limit 0: every package, no entries', () => {
    const logs = parseRepoqueryChangelogs(LIMIT_0);
    expect(logs).toHaveLength(7);
    expect(logs.every((l) => l.entries.length === 0)).toBe(true);
  });

  it('no output (dnf found nothing, e.g. a cache-only run without other.xml): no packages', () => {
    expect(parseRepoqueryChangelogs('')).toEqual([]);
  });

  it('"Changelog for" right after a text line is text; after a blank line it starts a package', () => {
    const text = '* Mon Jan 06 2025 A\n- x\nChangelog for b-1-1.noarch\n\nChangelog for c-1-1.noarch\n';
    const [only, next] = parseRepoqueryChangelogs(`Changelog for a-1-1.noarch\n${text}`);
    expect(only?.entries.map((e) => e.text)).toEqual(['- x\nChangelog for b-1-1.noarch']);
    expect(next?.nevra).toBe('c-1-1.noarch');
    expect(only?.entries[0]?.name).toBe('A');
  });

  it.each([
    ['text before any package', 'Loaded plugins\nChangelog for a-1-1.noarch\n', 1, 1, /expected "Changelog for/],
    ['a package line that names no package', '\nChangelog for kernel\n', 2, 15, /not a package name-version-release.arch/],
    ['a date that does not exist', 'Changelog for a-1-1.noarch\n* Mon Feb 30 2025 A\n- x\n', 2, 7, /no such date: Feb 30 2025/],
    ['text before the first entry', 'Changelog for a-1-1.noarch\n- x\n', 2, 1, /text before the first entry of a-1-1.noarch/],
  ])('%s: a ParseError with line and column', (_what, text, line, column, reason) => {
    const e = parseError(text);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.reason).toMatch(reason);
  });
});

describe('the one repoquery process', () => {
  it.each([
    [['--installroot=/mnt', '--setopt=reposdir=/dev/null', '--repofrompath=updates,file:///r', 'upgrade', '-y', 'openssh-server'], ['--installroot=/mnt', '--setopt=reposdir=/dev/null', '--repofrompath=updates,file:///r']],
    [['-yc', '/etc/my.conf', 'install', 'kernel', '--releasever', '9'], ['-c', '/etc/my.conf', '--releasever', '9']],
    [['-yq', '--security', '--advisory=FEDORA-1', 'upgrade', '--refresh', '-R', '5', '--enablerepo=x*', '-C'], ['--enablerepo=x*', '-C']],
    [['--installr', '/mnt', 'upgrade', '--obsoletes', '-xkernel*', '-x', 'foo', '--', '-notanoption'], ['--installr', '/mnt', '-xkernel*', '-x', 'foo']],
    [['--disablerepo', '*', '--repo=updates', 'upgrade', '--nodeps-unknown-option', 'a'], ['--disablerepo', '*', '--repo=updates']],
  ])('%j keeps %j', (args, kept) => {
    expect(queryGlobals(args)).toEqual(kept);
  });

  it('a package dnf did not print: named, with dnf\'s reason from standard error (captured: -C without other.xml)', () => {
    const stderr = capture('repoquery-changelogs-cacheonly-without-other-metadata.stderr.txt');
    expect(notFound(['openssh-server-3.0-1.noarch'], stderr)).toBe(
      "no changelog for openssh-server-3.0-1.noarch: dnf repoquery did not find it in the enabled repositories (dnf said: Error: Cache-only enabled but no cache for 'updates'; Ignoring repositories: updates)",
    );
    expect(notFound(['a-1-1.noarch', 'b-1-1.noarch'], 'Added updates repo from file:///r\n')).toBe('no changelog for a-1-1.noarch, b-1-1.noarch: dnf repoquery did not find them in the enabled repositories');
  });

  it('asks for each package once, after "--"', () => {
    expect(repoqueryArgs(['-C', 'upgrade'], ['a-1-1.noarch', 'b-2:1-1.x86_64', 'a-1-1.noarch'])).toEqual(['-C', 'repoquery', '--changelogs', '--', 'a-1-1.noarch', 'b-2:1-1.x86_64']);
  });
});

describe('report text of changelogs read from repository metadata', () => {
  const entry = (n: number) => ({ time: n, date: `2025-01-0${n}`, name: `A - 1.${n}-1`, evr: `1.${n}-1`, text: `- change ${n}` });
  const logs: PackageChangelog[] = [
    { name: 'tool', arch: 'noarch', evr: '1.3-1', installedEvr: '1.0-1', repo: 'updates', entries: [entry(3), entry(2), entry(1)], total: 4 },
    { name: 'kernel-core', arch: 'x86_64', evr: '6.1.15-1', installedEvr: '6.1.10-1', repo: 'updates', entries: [], total: 0 },
    { name: 'quiet', arch: 'noarch', evr: '2-1', installedEvr: '2-1', repo: 'updates', entries: [], total: 1 },
  ];

  it('says which packages the metadata has no changelog for, and names the dnf command for more', () => {
    expect(renderChangelogs(logs, 2)).toEqual([
      'Changelogs (entries newer than the installed version):',
      '  tool 1.0-1 -> 1.3-1: 3 new entries',
      '    * 2025-01-03 A - 1.3-1',
      '      - change 3',
      '    * 2025-01-02 A - 1.2-1',
      '      - change 2',
      '    ... 1 more: dnf repoquery --changelogs tool-1.3-1.noarch',
      '  kernel-core 6.1.10-1 -> 6.1.15-1: no changelog in the metadata of repository updates',
      '  (repository metadata without a changelog: the package has none, or the repository was made without them, e.g. createrepo_c --changelog-limit 0)',
    ]);
  });

  it('a package file without a changelog says so; nothing new at all is one line', () => {
    const fromFile: PackageChangelog = { name: 'kernel-core', arch: 'x86_64', evr: '6.1.15-1', installedEvr: '6.1.10-1', packageFile: '/p/k.rpm', entries: [], total: 0 };
    expect(renderChangelogs([fromFile])).toEqual([
      'Changelogs (entries newer than the installed version):',
      '  kernel-core 6.1.10-1 -> 6.1.15-1: the package has no changelog',
    ]);
    expect(renderChangelogs([logs[2] as PackageChangelog])).toEqual(['Changelogs: no entries newer than the installed versions']);
  });
});
