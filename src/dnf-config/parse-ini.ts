/**
 * The INI dialect of dnf.conf, yum.conf and .repo files, as libdnf's
 * ConfigParser reads it: [section] headers, key=value (or key: value),
 * '#' and ';' comment lines, and continuation lines (starting with white
 * space) appended to the previous value. Later keys override earlier ones.
 */
import { ParseError } from '../errors.js';

export interface IniValue {
  value: string;
  /** 1-based line of the key. */
  line: number;
}

export type IniSection = Map<string, IniValue>;

export function parseIni(text: string, source: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let current: IniSection | undefined;
  let lastKey: string | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = (lines[n] as string).replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && current && lastKey) {
      const prev = current.get(lastKey) as IniValue;
      prev.value = prev.value === '' ? trimmed : `${prev.value} ${trimmed}`;
      continue;
    }
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      if (close < 0) throw new ParseError(source, n + 1, 1, `section header without ']': ${trimmed.slice(0, 60)}`);
      const name = trimmed.slice(1, close).trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    const eq = raw.search(/[=:]/);
    if (eq <= 0) throw new ParseError(source, n + 1, 1, `expected key=value: ${trimmed.slice(0, 60)}`);
    if (!current) throw new ParseError(source, n + 1, 1, 'key outside of any [section]');
    const key = raw.slice(0, eq).trim();
    current.set(key, { value: raw.slice(eq + 1).trim(), line: n + 1 });
    lastKey = key;
  }
  return sections;
}

/** dnf's list options: items separated by commas and/or white space. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}
