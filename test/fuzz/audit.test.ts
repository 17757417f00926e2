/**
 * The audit's parsers of rpm output: `rpm -V` (parseVerifyOutput) and the
 * header query formats for file attributes and changelogs. A model or a
 * ParseError inside the input, on any text, on text made of the format's
 * separators, on the captures of fixtures/audit mutated, and on the real
 * rpm's output for every upstream test package, mutated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANGELOG_FORMAT, parseChangelogs } from '../../src/audit/parse-changelog.js';
import { FILE_ATTRS_FORMAT, parseFileAttrs } from '../../src/audit/parse-file-attrs.js';
import { parseVerifyOutput } from '../../src/audit/verify.js';
import { parseOrParseError } from './support/contract.js';
import { FILES, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { HAVE_RPM, rpmQueryOutput } from './support/rpm-output.js';
import { anyText, linesOf, longLine } from './support/text.js';

const captured = texts(FILES.audit());
const verifyCaptures = captured.filter((t) => /^(missing|[SM5DLUGTP.?]{9})/m.test(t));
const changelogs = [...captured.filter((t) => t.includes('\x03')), rpmQueryOutput(CHANGELOG_FORMAT)].filter(Boolean);
const fileAttrs = [...captured.filter((t) => t.includes('\x1e') && !t.includes('\x03')), rpmQueryOutput(FILE_ATTRS_FORMAT, { binaryOnly: true })].filter(Boolean);

describe('rpm -V output', () => {
  const verifyLine = fc.oneof(
    fc.constantFrom('S.5....T.  c /etc/x', 'missing   c /etc/y', 'missing     /z (Permission denied)', '.M.......    /a (replaced)', '....L...C c /b', '?????????    /c', 'package p is not installed', 'Unsatisfied dependencies for a:', '\tb is needed by a', 'S.5....T.', '.........    rel'),
    fc.string({ unit: fc.constantFrom(...'SM5DLUGTPC.? cmisng/\n()x'.split('')), maxLength: 60 }),
  );

  it('throws nothing but ParseError on any input (the alphabet of the format included)', () => {
    fuzz('rpm -V any', [fc.oneof(anyText, fc.string(), linesOf(verifyLine))], (t) => parseOrParseError(t, parseVerifyOutput));
  });

  it('on captured rpm -V and rpm -Vv output mutated, and on long lines', () => {
    fuzz('rpm -V mutated', [fc.oneof(mutated(verifyCaptures), longLine(['S.5....T.  c /', 'missing   c /', 'package ', '.........  ', 'S.5....T.  c /a (']))], (t) => parseOrParseError(t, parseVerifyOutput));
  });
});

describe('header query formats: file attributes and changelogs', () => {
  it.runIf(HAVE_RPM)('the seeds are the real rpm output for the upstream packages, and parse', () => {
    expect(parseChangelogs(changelogs.at(-1) as string).length).toBeGreaterThan(50);
    expect(parseFileAttrs(fileAttrs.at(-1) as string).length).toBeGreaterThan(40);
  });

  const separators = fc.string({ unit: fc.constantFrom('\x1e', '\x1f', '\x1c', '\x1d', '\x03', '\n', 'a', '1', '/', '(none)', '4294967296', '-1'), maxLength: 40 });
  const both = (t: string): void => {
    parseOrParseError(t, parseChangelogs);
    parseOrParseError(t, parseFileAttrs);
  };

  it('throw nothing but ParseError on text made of the separators, and on any text', () => {
    fuzz('headers separators', [fc.oneof(separators, anyText)], both);
  });

  it('changelogs: the real rpm output for the upstream packages and the capture, mutated', () => {
    fuzz('changelog mutated', [mutated(changelogs)], (t) => parseOrParseError(t, parseChangelogs), { scale: 0.5 });
  });

  it('file attributes: the real rpm output for the upstream packages and the capture, mutated', () => {
    fuzz('file attrs mutated', [mutated(fileAttrs)], (t) => parseOrParseError(t, parseFileAttrs), { scale: 0.5 });
  });

  it('both on long lines', () => {
    fuzz('headers long lines', [longLine(['\x1e', '\x1efoo\x1f1-1\x1fnoarch\x1f', '\x1efoo\x1ffoo-1-1.noarch\x1f8\x1f/', ''])], both, { scale: 0.2 });
  });
});
