/**
 * The one contract every parser is held to (ARCHITECTURE.md): a parsed value,
 * or the project's ParseError (ConfigError for the plan file) whose line and
 * column point inside the input. Lines are counted at '\n' from 1; a column
 * runs from 1 to one past the end of its line (the end of the line or of the
 * file is where "never closed" and "missing" are reported). Any other
 * exception is a bug in the parser, and the property fails with it.
 */
import { expect } from 'vitest';
import { ConfigError, ParseError } from '../../../src/errors.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ParseError };

/** Where a (line, column) must lie in `text`. */
export function expectInside(text: string, line: number, column?: number): void {
  expect(Number.isInteger(line), `line ${line} is an integer`).toBe(true);
  expect(line, 'line is at least 1').toBeGreaterThanOrEqual(1);
  const lines = text.split('\n');
  expect(line, `line is at most ${lines.length}, the number of lines`).toBeLessThanOrEqual(lines.length);
  if (column === undefined) return;
  expect(Number.isInteger(column), `column ${column} is an integer`).toBe(true);
  expect(column, 'column is at least 1').toBeGreaterThanOrEqual(1);
  const length = (lines[line - 1] as string).length;
  expect(column, `column is at most ${length + 1}, one past the end of line ${line}`).toBeLessThanOrEqual(length + 1);
}

/** Run a parser on `text`: its value, or its ParseError checked against the text. */
export function parseOrParseError<T>(text: string, parse: (text: string) => T): Outcome<T> {
  try {
    return { ok: true, value: parse(text) };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    expectInside(text, e.line, e.column);
    expect(e.reason.length, 'a ParseError says what is wrong').toBeGreaterThan(0);
    return { ok: false, error: e };
  }
}

/** The plan file's variant: a ConfigError, with a line inside the text when it names one. */
export function parseOrConfigError<T>(text: string, parse: (text: string) => T): { ok: true; value: T } | { ok: false; error: ConfigError } {
  try {
    return { ok: true, value: parse(text) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    if (e.line !== undefined) expectInside(text, e.line);
    return { ok: false, error: e };
  }
}
