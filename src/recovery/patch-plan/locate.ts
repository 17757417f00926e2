/**
 * Finding the line of a key in a TOML text, so that a value that parses but
 * is wrong (an unknown key, a string where a number belongs) is reported with
 * its line, as TOML syntax errors are. smol-toml returns plain objects without
 * positions, so this scans the text: table headers ([a.b], [[a.b]] counted per
 * occurrence) and key lines (key = ..., dotted keys too). Pure.
 */

export type KeyPath = readonly (string | number)[];

interface Located {
  path: string[];
  line: number;
}

/** The 1-based line of `path`, or of its longest prefix found; undefined when none. */
export function lineOf(text: string, path: KeyPath): number | undefined {
  const want = path.map(String);
  let best: Located | undefined;
  for (const found of scan(text)) {
    const n = commonPrefix(found.path, want);
    if (n === found.path.length && n > 0 && (!best || n > best.path.length)) best = found;
  }
  return best?.line;
}

function commonPrefix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function* scan(text: string): Generator<Located> {
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  let inMultiline: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (inMultiline) {
      if (countOf(line, inMultiline) % 2 === 1) inMultiline = undefined;
      continue;
    }
    const header = /^(\[\[?)\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      table = splitKey(header[2] as string);
      if (header[1] === '[[') {
        const key = table.join('.');
        const n = arrayCounts.get(key) ?? 0;
        arrayCounts.set(key, n + 1);
        table = [...table, String(n)];
      }
      yield { path: table, line: i + 1 };
      continue;
    }
    const kv = /^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=(.*)$/.exec(line);
    if (!kv) continue;
    yield { path: [...table, ...splitKey(kv[1] as string)], line: i + 1 };
    const rest = kv[2] as string;
    for (const quote of ['"""', "'''"]) if (countOf(rest, quote) % 2 === 1) inMultiline = quote;
  }
}

function splitKey(key: string): string[] {
  const parts = key.match(/"[^"]*"|'[^']*'|[^.\s]+/g) ?? [];
  return parts.map((p) => p.replace(/^["']|["']$/g, ''));
}

function countOf(s: string, needle: string): number {
  return s.split(needle).length - 1;
}
