/**
 * Mutations of real files: a fixture, then one to four edits of the kinds a
 * file suffers (an editor, a full disk, a bad merge, a copy through Windows):
 * a line replaced, dropped, repeated or swapped, text inserted or cut, the
 * file truncated, two lines joined, line endings changed, a piece of another
 * fixture spliced in, a character replaced by one that means something.
 * Positions are generated as plain numbers taken modulo the length, so
 * fast-check shrinks a failure to the smallest edit of the smallest fixture.
 */
import fc from 'fast-check';
import { anyText, SPECIALS } from './text.js';

type Edit =
  | { op: 'replace-line' | 'insert-line' | 'insert'; at: number; text: string }
  | { op: 'delete-line' | 'duplicate-line' | 'join-lines' | 'truncate' | 'special'; at: number; pick: number }
  | { op: 'swap-lines' | 'cut' | 'splice'; at: number; to: number; pick: number }
  | { op: 'repeat-line'; at: number; times: number }
  | { op: 'crlf' | 'cr-only' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constantFrom('replace-line', 'insert-line', 'insert'), at: fc.nat(), text: anyText }) as fc.Arbitrary<Edit>,
  fc.record({ op: fc.constantFrom('delete-line', 'duplicate-line', 'join-lines', 'truncate', 'special'), at: fc.nat(), pick: fc.nat() }) as fc.Arbitrary<Edit>,
  fc.record({ op: fc.constantFrom('swap-lines', 'cut', 'splice'), at: fc.nat(), to: fc.nat(), pick: fc.nat() }) as fc.Arbitrary<Edit>,
  fc.record({ op: fc.constant('repeat-line'), at: fc.nat(), times: fc.integer({ min: 2, max: 200 }) }) as fc.Arbitrary<Edit>,
  fc.record({ op: fc.constantFrom('crlf', 'cr-only') }) as fc.Arbitrary<Edit>,
);

function apply(text: string, e: Edit, others: readonly string[]): string {
  const lines = text.split('\n');
  const li = 'at' in e ? e.at % lines.length : 0;
  const ci = 'at' in e ? e.at % (text.length + 1) : 0;
  switch (e.op) {
    case 'replace-line':
      lines[li] = e.text;
      return lines.join('\n');
    case 'insert-line':
      lines.splice(li, 0, e.text);
      return lines.join('\n');
    case 'insert':
      return text.slice(0, ci) + e.text + text.slice(ci);
    case 'delete-line':
      lines.splice(li, 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(li, 0, lines[li] as string);
      return lines.join('\n');
    case 'repeat-line':
      lines.splice(li, 0, ...Array<string>(e.times - 1).fill(lines[li] as string));
      return lines.join('\n');
    case 'join-lines':
      return li + 1 < lines.length ? [...lines.slice(0, li), `${lines[li]}${lines[li + 1]}`, ...lines.slice(li + 2)].join('\n') : text;
    case 'swap-lines': {
      const lj = e.to % lines.length;
      [lines[li], lines[lj]] = [lines[lj] as string, lines[li] as string];
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, ci);
    case 'cut': {
      const end = Math.min(text.length, ci + (e.to % 200));
      return text.slice(0, ci) + text.slice(end);
    }
    case 'splice': {
      const other = others[e.pick % others.length] ?? '';
      const from = e.to % (other.length + 1);
      return text.slice(0, ci) + other.slice(from, from + 1 + (e.pick % 400)) + text.slice(ci);
    }
    case 'special':
      return text.slice(0, ci) + SPECIALS[e.pick % SPECIALS.length] + text.slice(ci + 1);
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr-only':
      return text.replace(/\r?\n/g, '\r');
  }
}

/**
 * An edit that would grow the text past this is skipped: repeated lines
 * compound (a long line 200 times, then that 200 times gave a 300 MB case the
 * watchdog had to stop). Long inputs are the 10 MB and long-line tests' job.
 */
const MAX_MUTATED = 1 << 20;

/** A fixture with one to four edits; the fixture itself (no edit) now and then. */
export function mutated(fixtures: readonly string[], maxEdits = 4): fc.Arbitrary<string> {
  if (fixtures.length === 0) throw new Error('mutated(): no fixtures to mutate');
  return fc
    .tuple(fc.nat(fixtures.length - 1), fc.array(edit, { maxLength: maxEdits }))
    .map(([k, edits]) => edits.reduce((text, e) => {
      const next = apply(text, e, fixtures);
      return next.length > MAX_MUTATED ? text : next;
    }, fixtures[k] as string));
}

/** Byte-level edits of a binary-ish file (grubenv): bytes flipped, inserted, cut, or the file truncated. */
export function mutatedBytes(files: readonly Uint8Array[]): fc.Arbitrary<Buffer> {
  if (files.length === 0) throw new Error('mutatedBytes(): no files to mutate');
  const byteEdit = fc.record({ op: fc.constantFrom('set', 'insert', 'cut', 'truncate'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), len: fc.nat(64) });
  return fc.tuple(fc.nat(files.length - 1), fc.array(byteEdit, { maxLength: 4 })).map(([k, edits]) => {
    let b = Buffer.from(files[k] as Uint8Array);
    for (const e of edits) {
      const at = e.at % (b.length + 1);
      if (e.op === 'set' && at < b.length) b[at] = e.byte;
      else if (e.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.alloc(e.len + 1, e.byte), b.subarray(at)]);
      else if (e.op === 'cut') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.len + 1)]);
      else if (e.op === 'truncate') b = b.subarray(0, at);
    }
    return b;
  });
}
