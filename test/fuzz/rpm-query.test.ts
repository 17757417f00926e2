/**
 * rpm's output for saferpm's header query format (src/rpm/parse-query.ts):
 * parsed whole (parseQueryOutput) and fed in random pieces as rpm writes it
 * (QueryStreamParser), the two must agree, on the value or on the ParseError,
 * and the error must point inside the input. Seeds: the real rpm's output for
 * every upstream test package (ISO-8859 header strings, source packages,
 * epochs, many dependencies), mutated; any text; text made of the format's
 * separators; long lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQueryOutput, QUERY_FORMAT, QueryStreamParser } from '../../src/rpm/parse-query.js';
import { ParseError } from '../../src/errors.js';
import { parseOrParseError, type Outcome } from './support/contract.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { HAVE_RPM, rpmQueryOutput } from './support/rpm-output.js';
import { anyText, longLine } from './support/text.js';
import type { RpmPackage } from '../../src/rpm/package.js';

const real = rpmQueryOutput(QUERY_FORMAT);
const seeds = [real, '\x1efoo\x1f(none)\x1f1\x1f1\x1fnoarch\x1f(none)\x1f0\x1f(none)\x1fsummary\x1f\x1f\x1f\n'].filter(Boolean);
const separators = fc.string({ unit: fc.constantFrom('\x1e', '\x1f', '\x1c', '\x1d', '\n', 'a', '1', '/', '(none)', '=', ' '), maxLength: 80 });

/** Feed `text` to the stream parser in pieces cut at the given offsets. */
function streamed(text: string, cuts: number[]): RpmPackage[] {
  const p = new QueryStreamParser('rpm query output');
  let at = 0;
  for (const c of [...new Set(cuts.map((x) => x % (text.length + 1)))].sort((a, b) => a - b)) {
    p.push(text.slice(at, c));
    at = c;
  }
  p.push(text.slice(at));
  return p.end();
}

function same(a: Outcome<RpmPackage[]>, b: Outcome<RpmPackage[]>): void {
  expect(b.ok).toBe(a.ok);
  if (a.ok && b.ok) expect(b.value).toEqual(a.value);
  if (!a.ok && !b.ok) expect(b.error.message).toBe(a.error.message);
}

describe('rpm query output: whole and streamed in random pieces agree', () => {
  it.runIf(HAVE_RPM)('the real output parses: one package per upstream file', () => {
    expect(parseQueryOutput(real).length).toBeGreaterThan(50);
  });

  it('on the real output mutated, any text, the separators and long lines', () => {
    const text = fc.oneof(mutated(seeds), anyText, separators, longLine(['\x1e', '\x1ea\x1f', `\x1ea${'\x1f'.repeat(9)}`], 20_000));
    fuzz('rpm query', [text, fc.array(fc.nat(), { maxLength: 12 })], (t, cuts) => {
      const whole = parseOrParseError(t, (x) => parseQueryOutput(x));
      const pieces = parseOrParseError(t, (x) => streamed(x, cuts));
      same(whole, pieces);
      if (whole.ok) for (const p of whole.value) expect(p.name).not.toBe('');
    });
  });

  it('one character at a time gives the same as whole', () => {
    // At most 20,000 characters: a mutation may repeat a long line 200 times, and each character is a push.
    fuzz('rpm query by char', [mutated(seeds.slice(1).concat(real ? [real.slice(0, 2000)] : [])).map((t) => t.slice(0, 20_000))], (t) => {
      same(parseOrParseError(t, (x) => parseQueryOutput(x)), parseOrParseError(t, (x) => streamed(x, [...Array(x.length).keys()])));
    }, { scale: 0.2 });
  });

  it('a record cut short is a ParseError naming the line where it starts', () => {
    const text = `${'\x1ea\x1f(none)\x1f1\x1f1\x1fnoarch\x1f(none)\x1f0\x1f(none)\x1fs\x1f\x1f\x1f\n'.repeat(3)}\x1eb\x1f1\n`;
    expect(() => parseQueryOutput(text)).toThrow(new ParseError('rpm query output', 4, 1, 'expected 12 fields in a package record, found 2'));
  });
});
