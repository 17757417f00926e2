/**
 * The dnf parsers throw only ParseError with a location inside the input,
 * whatever the input: dnf.conf/.repo INI text, the transaction table of
 * `dnf --assumeno` (captured real output, fixtures/dnf, mutated), repomd.xml
 * and updateinfo.xml (this repository's and the upstream repodata of dnf,
 * libdnf and createrepo_c, gzip ones unpacked, mutated), and the versionlock
 * list, which never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIni } from '../../src/dnf-config/parse-ini.js';
import { parseTransaction } from '../../src/dnf/resolve/parse-table.js';
import { parseRepomd, parseUpdateinfo } from '../../src/dnf/advisories/parse-updateinfo.js';
import { parseLockList } from '../../src/dnf/config/versionlock.js';
import { expectInside, parseOrParseError } from './support/contract.js';
import { FILES, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { anyText, linesOf, longLine } from './support/text.js';

const tables = texts(FILES.dnfTables());
const updateinfos = texts(FILES.updateinfo());
const repomds = texts(FILES.repomd());

/** A capture with one line replaced by junk or by a piece of dnf's own table (the old property, kept). */
const damaged = (list: string[]): fc.Arbitrary<string> => fc
  .tuple(fc.constantFrom(...list), fc.nat(), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(' ', 'Removing:', ' x y', '     replacing  a.b 1', '====================', 'Transaction Summary', '<', '</update>', 'constructor:', '__proto__:', 'Installing:')))
  .map(([text, n, junk]) => {
    const lines = text.split('\n');
    lines[n % lines.length] = junk;
    return lines.join('\n');
  });

describe('dnf.conf and .repo files (INI)', () => {
  const iniLine = fc.oneof(
    fc.constantFrom('[main]', '[updates]', '[', '[]', ']', '[a] x', '# c', '; c', '', ' ', '  continued', '\tcontinued', 'installonlypkgs=kernel', 'installonly_limit = 3', 'exclude=a*, b', 'key:value', '=x', ':x', 'k=', 'name = $releasever', 'gpgcheck=1'),
    anyText,
  );

  it('a model or a ParseError, on INI-like lines, any text and long lines', () => {
    fuzz('ini', [fc.oneof(linesOf(iniLine), anyText, longLine(['[', 'k=', 'k:', ' ', '[main]\nk=']))], (text) => {
      const r = parseOrParseError(text, (t) => parseIni(t, 'dnf.conf'));
      if (r.ok) for (const section of r.value.values()) for (const v of section.values()) expectInside(text, v.line);
    });
  });
});

describe("dnf's transaction table", () => {
  it('on arbitrary text', () => {
    fuzz('transaction any', [anyText], (t) => parseOrParseError(t, parseTransaction));
  });

  it('on captured tables with one line damaged', () => {
    fuzz('transaction damaged', [damaged(tables)], (t) => parseOrParseError(t, parseTransaction));
  });

  it('on captured tables mutated, and on long lines', () => {
    fuzz('transaction mutated', [fc.oneof(mutated(tables), longLine([' ', '   ', ' kernel x86_64 1-1 r ', '====================\n x\n====================\nInstalling:\n ']))], (t) => {
      const r = parseOrParseError(t, parseTransaction);
      if (r.ok) for (const i of [...r.value.items, ...r.value.skipped]) expectInside(t, i.line);
    });
  });
});

describe('repomd.xml and updateinfo.xml', () => {
  const names = new Set(['kernel-core', 'kernel', 'openssh-server', 'tour', 'test-perl-DBI', 'Archer', 'foo']);

  it('on arbitrary text', () => {
    fuzz('xml any', [anyText], (t) => {
      parseOrParseError(t, parseUpdateinfo);
      parseOrParseError(t, parseRepomd);
    });
  });

  it("on this repository's updateinfo with one line damaged (whole, and filtered by package names)", () => {
    fuzz('updateinfo damaged', [damaged(updateinfos.slice(0, 1))], (t) => {
      parseOrParseError(t, parseUpdateinfo);
      parseOrParseError(t, (x) => parseUpdateinfo(x, 'updateinfo.xml', names));
    });
  });

  it('on real updateinfo files mutated, whole and filtered by package names', () => {
    fuzz('updateinfo mutated', [mutated(updateinfos)], (t) => {
      const whole = parseOrParseError(t, parseUpdateinfo);
      const some = parseOrParseError(t, (x) => parseUpdateinfo(x, 'updateinfo.xml', names));
      // The filter keeps the advisories that name a package; it never makes a bad document good.
      if (some.ok && whole.ok) expect(some.value.length).toBeLessThanOrEqual(whole.value.length);
    }, { scale: 0.5 });
  });

  it('on real repomd.xml files mutated', () => {
    fuzz('repomd mutated', [mutated(repomds)], (t) => parseOrParseError(t, parseRepomd));
  });
});

describe('versionlock list', () => {
  it('never throws; every entry has a line inside the text', () => {
    fuzz('locklist', [fc.oneof(anyText, longLine(['', '!', 'kernel-', 'a-1-'])) ], (t) => {
      for (const e of parseLockList(t)) expectInside(t, e.line);
    });
  });
});
