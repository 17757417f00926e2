import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { execa } from 'execa';
import { compareEvrStrings, parseEvr, rpmvercmp } from '../../src/rpm/evr.js';
import { UPSTREAM } from '../helpers/paths.js';
import { needTools } from '../helpers/tools.js';
import { ensureRpmHome } from '../helpers/build-rpms.js';

function rows(file: string): [string, string, number][] {
  return readFileSync(path.join(UPSTREAM, file), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split('\t')).map(([a, b, e]) => [a as string, b as string, Number(e)]);
}

describe("rpm's own version comparison table", () => {
  it.each(rows('rpmvercmp.tsv'))('rpmvercmp(%s, %s) = %i', (a, b, expected) => {
    expect(rpmvercmp(a, b)).toBe(expected);
    expect(compareEvrStrings(a, b)).toBe(expected);
  });
  it.each(rows('rpmvercmp-oddities.tsv'))('documented oddity rpmvercmp(%s, %s) = %i', (a, b, expected) => {
    expect(rpmvercmp(a, b)).toBe(expected);
  });
});

describe('EVR parsing', () => {
  it('splits epoch, version and release as rpm does', () => {
    expect(parseEvr('2:1.0-3.el9')).toEqual({ epoch: '2', version: '1.0', release: '3.el9' });
    expect(parseEvr('1.0')).toEqual({ version: '1.0' });
    expect(parseEvr(':1.0')).toEqual({ epoch: '0', version: '1.0' });
    expect(parseEvr('a:1.0')).toEqual({ version: 'a:1.0' });
    expect(parseEvr('1.0-1-2')).toEqual({ version: '1.0-1', release: '2' });
  });
  it('compares epochs first, and a missing release before any release', () => {
    expect(compareEvrStrings('1:1.0', '2.0')).toBe(1);
    expect(compareEvrStrings('0:1.0', '1.0')).toBe(0);
    expect(compareEvrStrings('1.0', '1.0-1')).toBe(-1);
    expect(compareEvrStrings('', '0')).toBe(-1);
    expect(compareEvrStrings('', '')).toBe(0);
  });
  it('compares numbers longer than any integer type', () => {
    expect(rpmvercmp('1.' + '9'.repeat(40), '1.1' + '0'.repeat(40))).toBe(-1);
    expect(rpmvercmp('0000000000000000000000001', '1')).toBe(0);
  });
});

/** Random versions from the characters that matter to rpmvercmp. */
const versionChars = fc.constantFrom(...'0123456789abzAZ.~^_-+:'.split(''));
const version = fc.array(versionChars, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));

describe.runIf(needTools('rpm'))('agreement with the installed rpm on generated pairs', () => {
  it('matches rpm.vercmp() on 400 random [epoch:]version[-release] pairs', async () => {
    const pairs = fc.sample(fc.tuple(version, version), { numRuns: 400, seed: 20261127 })
      .filter(([a, b]) => !a.includes('"') && !b.includes('"'));
    // One rpm process for all pairs: a Lua loop over rpm.vercmp (the reference in rpm's own tests).
    const lua = `%{lua: local t = {${pairs.map(([a, b]) => `{${luaString(a)},${luaString(b)}}`).join(',')}} for _, p in ipairs(t) do local ok, r = pcall(rpm.vercmp, p[1], p[2]); print(ok and tostring(r) or "err"); print("\\n") end}`;
    const r = await execa('rpm', ['--eval', lua], { env: { HOME: ensureRpmHome(), LC_ALL: 'C' } });
    const answers = r.stdout.split('\n').filter(Boolean);
    expect(answers).toHaveLength(pairs.length);
    expect(answers.filter((a) => a === 'err').length).toBeLessThan(pairs.length / 10);
    pairs.forEach(([a, b], i) => {
      if (answers[i] === 'err') return; // rpm rejects it as "invalid version"; saferpm's answer is its own documented choice
      expect(`${a} ? ${b} = ${compareEvrStrings(a, b)}`).toBe(`${a} ? ${b} = ${answers[i]}`);
    });
  });
});

function luaString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/%/g, '%%')}"`;
}
