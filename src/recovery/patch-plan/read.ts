/**
 * Typed reading of the parsed plan with every problem collected, not just the
 * first: 'saferpm plan check' lists them all. Each problem names the key path
 * ([policy] keep_kernels) and what is wrong; plan-file.ts adds the line. Pure.
 */
import { closest } from './did-you-mean.js';
import type { KeyPath } from './locate.js';

export interface PlanProblem {
  path: KeyPath;
  message: string;
}

export type Table = Record<string, unknown>;

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** "[policy] keep_kernels", "[[contacts.owners]] #2 phone". */
export function describePath(path: KeyPath): string {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const index = path.findIndex((p) => typeof p === 'number');
  if (index >= 0) {
    const table = path.slice(0, index).join('.');
    return `[[${table}]] #${(path[index] as number) + 1}${path.length > index + 1 ? ' ' + path.slice(index + 1).join('.') : ''}`;
  }
  if (keys.length === 1) return `[${keys[0]}]`;
  return `[${keys.slice(0, -1).join('.')}] ${keys[keys.length - 1]}`;
}

export class PlanReader {
  readonly problems: PlanProblem[] = [];

  problem(path: KeyPath, message: string): undefined {
    this.problems.push({ path, message: `${describePath(path)}: ${message}` });
    return undefined;
  }

  /** A table with only the known keys (each unknown key is a problem, with a suggestion). */
  table(v: unknown, path: KeyPath, known: readonly string[] | 'any'): Table | undefined {
    if (v === undefined) return undefined;
    if (!isTable(v)) return this.problem(path, `must be a table, found ${kindOf(v)}`);
    if (known !== 'any') {
      for (const key of Object.keys(v)) {
        if (known.includes(key)) continue;
        const guess = closest(key, known);
        this.problem([...path, key], `unknown key '${key}'${guess ? `; did you mean '${guess}'?` : `; known keys: ${known.join(', ')}`}`);
      }
    }
    return v;
  }

  string(t: Table, key: string, path: KeyPath): string | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.problem([...path, key], `must be a string in quotes, found ${kindOf(v)}`);
    return v.trim() === '' ? undefined : v;
  }

  bool(t: Table, key: string, path: KeyPath): boolean | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.problem([...path, key], `must be true or false (no quotes), found ${kindOf(v)}`);
    return v;
  }

  int(t: Table, key: string, path: KeyPath): number | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.problem([...path, key], `must be a whole number, found ${kindOf(v)}`);
    return v;
  }

  /** A date (2026-11-20, unquoted) or a string. */
  date(t: Table, key: string, path: KeyPath): string | undefined {
    const v = t[key];
    if (v instanceof Date) return v.toISOString();
    return this.string(t, key, path);
  }

  /** An array of non-empty strings without spaces or quotes (package names, arguments). */
  strings(t: Table, key: string, path: KeyPath, what: string): string[] | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.problem([...path, key], `must be an array of ${what} in quotes, e.g. ["a", "b"], found ${kindOf(v)}`);
    const bad = v.findIndex((s) => typeof s !== 'string' || s.trim() === '');
    if (bad >= 0) return this.problem([...path, key], `element ${bad + 1} must be a non-empty string, found ${kindOf(v[bad])}`);
    return v as string[];
  }
}

export function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return `a date (${v.toISOString()})`;
  if (isTable(v)) return 'a table';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}
