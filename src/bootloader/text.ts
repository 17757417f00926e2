/** Fitting human output into 80 columns: word wrap, and a hard break for words longer than a line. */

export const WIDTH = 80;

/** Lines of at most `width` characters, the first prefixed by `first`, the rest by `rest` (same length). */
export function wrapText(text: string, first: string, rest: string, width = WIDTH): string[] {
  const room = Math.max(10, width - Math.max(first.length, rest.length));
  const lines: string[] = [];
  let line: string[] = [];
  let len = 0;
  const flush = (): void => {
    lines.push((lines.length === 0 ? first : rest) + line.join(' '));
    line = [];
    len = 0;
  };
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    for (const word of chunks(raw, room)) {
      if (len > 0 && len + 1 + word.length > room) flush();
      len += (len > 0 ? 1 : 0) + word.length;
      line.push(word);
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines.map((l) => l.trimEnd());
}

function chunks(word: string, room: number): string[] {
  if (word.length <= room) return [word];
  const out: string[] = [];
  for (let i = 0; i < word.length; i += room) out.push(word.slice(i, i + room));
  return out;
}

/** "label" padded to `n` columns. */
export function pad(label: string, n: number): string {
  return label.length >= n ? `${label} ` : label + ' '.repeat(n - label.length);
}
