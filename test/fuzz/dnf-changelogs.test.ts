/**
 * dnf repoquery --changelogs output (src/dnf/changelogs/parse.ts): a model or
 * a ParseError inside the input, on any text, on lines of the format's own
 * shapes, on the captures of fixtures/dnf mutated and with one line damaged,
 * and on long lines; and changelogs written the way dnf writes them are read
 * back as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evrOfName, type ChangelogEntry } from '../../src/audit/parse-changelog.js';
import { parseRepoqueryChangelogs, type RepoChangelog } from '../../src/dnf/changelogs/parse.js';
import { expectInside, parseOrParseError } from './support/contract.js';
import { FILES, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { anyText, linesOf, longLine } from './support/text.js';

const captures = texts(FILES.dnfChangelogs());

const SHAPES = [
  'Changelog for openssh-server-3.0-1.noarch', 'Changelog for e-2:1.1-1.noarch', 'Changelog for kernel', 'Changelog for ', 'Changelog for a-b',
  '* Mon Mar 03 2025 Saferpm Tests <tests@saferpm.invalid> - 3.0-1', '* Mon Feb 30 2025 A', '* Sun Dec 00 1999 B', '* Tue Apr 01 0000', '* Mon Jan 01 2025 ',
  '* Mon Jan 1 2025 A', '- dracut 3.0', '  indented', '', ' ', '*', 'Error: x',
];

/** The parser's contract, plus: every package's line is inside the text, every entry has a real date. */
function check(text: string): void {
  const r = parseOrParseError(text, parseRepoqueryChangelogs);
  if (!r.ok) return;
  for (const log of r.value) {
    expectInside(text, log.line);
    for (const e of log.entries) expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
}

const damaged = fc.tuple(fc.constantFrom(...captures), fc.nat(), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...SHAPES))).map(([text, n, junk]) => {
  const lines = text.split('\n');
  lines[n % lines.length] = junk;
  return lines.join('\n');
});

describe('dnf repoquery --changelogs output', () => {
  it('on any text, and on lines of the format', () => {
    fuzz('repoquery changelogs any', [fc.oneof(anyText, linesOf(fc.oneof(fc.constantFrom(...SHAPES), fc.string({ maxLength: 20 }))))], check);
  });

  it('on the captures with one line damaged, mutated, and on long lines', () => {
    const long = longLine(['Changelog for ', 'Changelog for a-', '* Mon Jan 01 2025 ', 'Changelog for a-1-1.noarch\n* Mon Jan 01 2025 A\n', '* ']);
    fuzz('repoquery changelogs mutated', [fc.oneof(damaged, mutated(captures), long)], check);
  });

  it('reads back what dnf writes: packages, entries, dates, authors and texts', () => {
    fuzz('repoquery changelogs round trip', [fc.array(pkg, { maxLength: 5 })], (pkgs) => {
      expect(parseRepoqueryChangelogs(render(pkgs)).map(({ line: _line, ...rest }) => rest)).toEqual(pkgs);
    });
  });
});

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A line of changelog text as rpmbuild stores it: none starts with '*' (that starts an entry) or "Changelog for". */
const textLine = fc.string({ maxLength: 40 }).filter((l) => !/[\n\r]/.test(l) && !l.startsWith('*') && !l.startsWith('Changelog for'));
const word = fc.stringMatching(/^[a-z][a-z0-9_+]{0,8}$/);

const entry: fc.Arbitrary<ChangelogEntry> = fc
  .tuple(fc.date({ min: new Date('1990-01-01T12:00:00Z'), max: new Date('2100-12-31T12:00:00Z'), noInvalidDate: true }), fc.string({ maxLength: 30 }).filter((a) => !/[\n\r]/.test(a)), fc.array(textLine, { maxLength: 4 }))
  .map(([d, author, lines]) => {
    const noon = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12) / 1000;
    while (lines.length > 0 && lines.at(-1) === '') lines.pop(); // rpm keeps no trailing blank lines
    const e: ChangelogEntry = { time: noon, date: new Date(noon * 1000).toISOString().slice(0, 10), name: author, text: lines.join('\n') };
    const evr = evrOfName(author); // the name line's rule is the rpm path's own (tested there)
    if (evr) e.evr = evr;
    return e;
  });

const pkg: fc.Arbitrary<Omit<RepoChangelog, 'line'>> = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join('-')), fc.option(fc.nat({ max: 9 }), { nil: undefined }), word, word, fc.constantFrom('noarch', 'x86_64', 'aarch64'), fc.array(entry, { maxLength: 3 }))
  .map(([name, epoch, v, r, arch, entries]) => {
    const evr = `${epoch ? `${epoch}:` : ''}1${v}-${r}`;
    return { nevra: `${name}-${evr}.${arch}`, name, evr, arch, entries };
  });

/** As repoquery.py build_format_fn writes one package, the blocks joined by newlines. */
function render(pkgs: Omit<RepoChangelog, 'line'>[]): string {
  return pkgs.map((p) => [`Changelog for ${p.nevra}`, ...p.entries.map((e) => {
    const d = new Date(e.time * 1000);
    const head = `* ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.getUTCFullYear()} ${e.name}`;
    return `${head}\n${e.text}\n`;
  })].join('\n')).join('\n');
}
