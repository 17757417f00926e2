/**
 * The dnf parsers throw only ParseError (with a line inside the input), whatever
 * the input: arbitrary text, and captured real output with one line damaged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { parseTransaction } from '../../../src/dnf/parse-transaction.js';
import { parseRepomd, parseUpdateinfo } from '../../../src/dnf/parse-updateinfo.js';
import { parseLockList } from '../../../src/dnf/versionlock.js';
import { FIXTURES } from '../../helpers/paths.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const DNF = path.join(FIXTURES, 'dnf');
const tables = readdirSync(DNF).filter((f) => f.startsWith('assumeno-')).map((f) => readFileSync(path.join(DNF, f), 'utf8'));
const updateinfo = readFileSync(path.join(DNF, 'updateinfo-kernel-reboot-openssh-cve.xml'), 'utf8');

function onlyParseErrors(parse: (text: string) => unknown, text: string): void {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBeGreaterThanOrEqual(1);
  }
}

/** A fixture with one line replaced by junk, or a piece of another line. */
const damaged = (texts: string[]) => fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(' ', 'Removing:', ' x y', '     replacing  a.b 1', '====================', 'Transaction Summary', '<', '</update>')))
  .map(([text, n, junk]) => {
    const lines = text.split('\n');
    lines[n % lines.length] = junk;
    return lines.join('\n');
  });

describe('dnf parsers throw only ParseError', () => {
  it('parseTransaction on arbitrary text and on damaged captures', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => onlyParseErrors(parseTransaction, t)), { numRuns: RUNS });
    fc.assert(fc.property(damaged(tables), (t) => onlyParseErrors(parseTransaction, t)), { numRuns: RUNS });
  });

  it('parseUpdateinfo and parseRepomd on arbitrary text and on a damaged updateinfo', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => {
      onlyParseErrors(parseUpdateinfo, t);
      onlyParseErrors(parseRepomd, t);
    }), { numRuns: RUNS });
    fc.assert(fc.property(damaged([updateinfo]), (t) => {
      onlyParseErrors(parseUpdateinfo, t);
      onlyParseErrors((x) => parseUpdateinfo(x, 'updateinfo.xml', new Set(['kernel-core'])), t);
    }), { numRuns: RUNS });
  });

  it('parseLockList never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => {
      expect(Array.isArray(parseLockList(t))).toBe(true);
    }), { numRuns: RUNS });
  });
});
