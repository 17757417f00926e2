/**
 * JSON that saferpm wrote, read back (run records, snapshot files): the
 * value, or a ParseError at the line and column where JSON.parse stopped
 * (node 20 says "... at position N" for most faults; the others, such as
 * "Unexpected end of JSON input", are reported at 1:1). Pure.
 */
import { ParseError } from './errors.js';

export function parseJsonText(text: string, source: string, what = 'not valid JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const [line, column] = position(text, e);
    throw new ParseError(source, line, column, `${what} (${(e as Error).message})`);
  }
}

function position(text: string, e: unknown): [number, number] {
  const m = /position (\d+)/.exec(String((e as Error).message));
  if (!m) return [1, 1];
  const before = text.slice(0, Number(m[1]));
  return [before.split('\n').length, before.length - before.lastIndexOf('\n')];
}
