/**
 * dnf's transaction table, parsed from output captured from the real dnf 4.14
 * (fixtures/dnf/README.md says how each file was made).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { parseTransaction, type TransactionItem } from '../../../src/dnf/resolve/parse-table.js';
import { FIXTURES } from '../../helpers/paths.js';

const fixture = (name: string): string => readFileSync(path.join(FIXTURES, 'dnf', name), 'utf8');
const rows = (items: TransactionItem[]): string[] => items.map((i) => `${i.action} ${i.name}.${i.arch} ${i.evr} ${i.repo} (${i.section})`);

describe('parseTransaction on captured dnf 4.14 output', () => {
  it('upgrade: a new kernel installed beside, userland upgraded, an obsoleted package, a skipped one', () => {
    const t = parseTransaction(fixture('assumeno-upgrade-kernel-beside-obsoletes-skip-broken.txt'));
    expect(rows(t.items)).toEqual([
      'install kernel.x86_64 6.1.15-1 updates (Installing)',
      'install newname.noarch 2.0-1 updates (Installing)',
      'upgrade a-very-long-package-name-that-wraps-in-the-dnf-transaction-table.noarch 2.0-1 updates (Upgrading)',
      'upgrade dracut.noarch 3.0-1 updates (Upgrading)',
      'upgrade openssh-server.noarch 3.0-1 updates (Upgrading)',
      'install kernel-core.x86_64 6.1.15-1 updates (Installing dependencies)',
      'install kernel-modules.x86_64 6.1.15-1 updates (Installing dependencies)',
    ]);
    expect(t.items[1]?.replacing).toEqual([{ name: 'oldname', arch: 'noarch', evr: '1.0-1' }]);
    expect(rows(t.skipped)).toEqual(['install brokenup.noarch 2.0-1 updates (Skipping packages with broken dependencies)']);
    expect(t.nothingToDo).toBe(false);
  });

  it('the same upgrade on a 60-column terminal: the long name wraps and the row continues on the next line', () => {
    const wide = parseTransaction(fixture('assumeno-upgrade-kernel-beside-obsoletes-skip-broken.txt'));
    const narrow = parseTransaction(fixture('assumeno-upgrade-tty-60-columns-long-name-wrapped.txt'));
    expect(rows(narrow.items)).toEqual(rows(wide.items));
    expect(narrow.items[1]?.replacing).toEqual(wide.items[1]?.replacing);
  });

  it('installonly_limit=2: the oldest kernel is listed under Removing with the installed repo', () => {
    const t = parseTransaction(fixture('assumeno-upgrade-limit-2-removes-oldest-kernel.txt'));
    expect(rows(t.items.filter((i) => i.action === 'remove'))).toEqual([
      'remove kernel.x86_64 6.1.10-1 @base (Removing)',
      'remove kernel-core.x86_64 6.1.10-1 @base (Removing)',
      'remove kernel-modules.x86_64 6.1.10-1 @base (Removing)',
    ]);
  });

  it('installonlypkgs cleared: the kernel packages are under Upgrading, as any package', () => {
    const t = parseTransaction(fixture('assumeno-upgrade-installonlypkgs-cleared-kernel-upgraded-in-place.txt'));
    expect(t.items.filter((i) => i.name.startsWith('kernel')).map((i) => `${i.action} ${i.name}`)).toEqual([
      'upgrade kernel', 'upgrade kernel-core', 'upgrade kernel-modules',
    ]);
  });

  it('remove: dependent packages and unused dependencies are removals too', () => {
    const t = parseTransaction(fixture('assumeno-remove-kernel-core-dependent-and-unused.txt'));
    expect(rows(t.items)).toEqual([
      'remove kernel-core.x86_64 6.1.10-1 @base (Removing)',
      'remove kernel.x86_64 6.1.10-1 @base (Removing dependent packages)',
      'remove dracut.noarch 1.0-1 @base (Removing unused dependencies)',
      'remove kernel-modules.x86_64 6.1.10-1 @base (Removing unused dependencies)',
    ]);
  });

  it('weak dependencies, reinstall, downgrade and history undo', () => {
    expect(rows(parseTransaction(fixture('assumeno-install-weak-dependency.txt')).items)).toEqual([
      'install withweak.noarch 1.0-1 updates (Installing)',
      'install weakdep.noarch 1.0-1 updates (Installing weak dependencies)',
    ]);
    expect(rows(parseTransaction(fixture('assumeno-reinstall.txt')).items)).toEqual(['reinstall dracut.noarch 1.0-1 updates (Reinstalling)']);
    expect(rows(parseTransaction(fixture('assumeno-downgrade.txt')).items)).toEqual(['downgrade dracut.noarch 2.0-1 updates (Downgrading)']);
    expect(rows(parseTransaction(fixture('assumeno-history-undo-downgrades.txt')).items)).toEqual(['downgrade dracut.noarch 1.0-1 updates (Downgrading)']);
  });

  it('"Nothing to do." is an empty transaction', () => {
    expect(parseTransaction(fixture('assumeno-nothing-to-do-exit-0.txt'))).toEqual({ items: [], skipped: [], notes: [], nothingToDo: true });
  });
});

describe('parseTransaction refuses what it cannot account for', () => {
  const table = fixture('assumeno-install-weak-dependency.txt');

  it('an error message instead of a table', () => {
    expect(() => parseTransaction(fixture('no-match-exit-1.stdout.txt'))).toThrow(/no transaction table/);
  });

  it('a section heading it does not know, with its line', () => {
    const e = catchParse(table.replace('Installing weak dependencies:', 'Installing something new:'));
    expect(e.line).toBe(8);
    expect(e.reason).toContain('unknown section');
  });

  it('a row that is not NAME ARCH EVR REPO SIZE', () => {
    expect(catchParse(table.replace(' weakdep            noarch', ' weakdep            noarch extra')).reason).toContain('cannot read the package row');
  });

  it('a summary that does not match the rows (a lost line)', () => {
    const lost = table.replace(/^ weakdep .*\n/m, '');
    expect(catchParse(lost).reason).toBe('the summary says 2 to install, the table lists 1');
  });

  it('a table cut off before the summary', () => {
    expect(catchParse(table.slice(0, table.indexOf('Transaction Summary'))).reason).toContain('no "Transaction Summary"');
  });
});

describe('parseTransaction reads yum 3 headings and module notes', () => {
  it('Updating / Installing for dependencies (yum/output.py) and module streams', () => {
    const text = [
      '=' .repeat(40), ' Package   Arch   Version   Repository   Size', '='.repeat(40),
      'Updating:', ' bash      x86_64 4.2.46-35.el7 updates   1.0 M',
      'Installing for dependencies:', ' kernel    x86_64 3.10.0-1160.el7 updates  50 M',
      'Enabling module streams:', ' perl                 5.30', '',
      'Transaction Summary', '='.repeat(40), 'Install  1 Package', 'Upgrade  1 Package', '',
    ].join('\n');
    const t = parseTransaction(text);
    expect(rows(t.items)).toEqual(['upgrade bash.x86_64 4.2.46-35.el7 updates (Updating)', 'install kernel.x86_64 3.10.0-1160.el7 updates (Installing for dependencies)']);
    expect(t.notes).toEqual([{ section: 'Enabling module streams', text: 'perl 5.30' }]);
  });
});

function catchParse(text: string): ParseError {
  try {
    parseTransaction(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}
