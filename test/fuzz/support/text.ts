/**
 * Random text for the parsers, shared by every fuzz test: printable text, any
 * UTF-16 (lone surrogates too), bytes decoded as UTF-8 with replacement (what
 * readFile(..., 'utf8') makes of a non-UTF-8 file) and as Latin-1 (every
 * control byte, NUL included), the characters that end lines or words in
 * some tool and not another (CR, NUL, U+2028, BOM, ESC), very long lines, and
 * text built from a format's own vocabulary so that cases get past the first
 * check and reach deep into the grammar.
 */
import fc from 'fast-check';

/** Characters that separate, quote, escape or end something in one of the formats. */
export const SPECIALS = [
  '\0', '\r', '\n', '\r\n', '\t', '\v', '\f', '\x1b[0m', '\u2028', '\u2029', '\uFEFF', '\uFFFD', '\uD800', '\u00e9', '\u{1F600}',
  ' ', '"', "'", '\\', '#', ';', '=', ':', ',', '.', '-', '--', '[', ']', '[[', '{', '}', '(', ')', '<', '>', '&', '$', '${', '%', '@', '/', '~', '^',
  '0', '1', '-1', '99999999999999999999', '1e309', 'NaN', '(none)', '__proto__', 'constructor', 'toString',
  '\x1e', '\x1f', '\x1c', '\x1d', '\x03',
] as const;

const special = fc.constantFrom(...SPECIALS);

/** Bytes as a file would hold them, read as saferpm reads text files. */
export const decodedBytes = fc
  .tuple(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('utf8', 'latin1') as fc.Arbitrary<BufferEncoding>)
  .map(([bytes, encoding]) => Buffer.from(bytes).toString(encoding));

/** Any text: the usual, the odd, the broken. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  decodedBytes,
  fc.array(fc.oneof(special, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((p) => p.join('')),
);

/**
 * One very long line: a prefix, a run of one piece repeated thousands of
 * times, and an ending. Runs of blanks, separators, quotes and escapes
 * followed by a CR or a U+2028 are what make a backtracking regular
 * expression quadratic; runs of words make `push(...list)` overflow the stack.
 */
export function longLine(prefixes: readonly string[], maxRepeat = 30_000): fc.Arbitrary<string> {
  return fc
    .record({
      prefix: fc.constantFrom(...prefixes),
      piece: fc.constantFrom(' ', '\t', '=', '= ', ' a', 'a ', 'a,', ',', '"', "'", '\\', '\\ ', '$', '${', '{', '(', '#', 'x', '0'),
      repeat: fc.integer({ min: 1, max: maxRepeat }),
      end: fc.constantFrom('', '\r', '\rx', 'b\rc', '\u2028x', 'x\u2029', '"', '\n', '\0x'),
    })
    .map(({ prefix, piece, repeat, end }) => `${prefix}${piece.repeat(repeat)}${end}`);
}

/** Text made of a format's own pieces (keywords, separators) mixed with anything. */
export function vocabulary(words: readonly string[], maxPieces = 60, join = ''): fc.Arbitrary<string> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: special }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength: maxPieces }).map((p) => p.join(join));
}

/** Lines of a format, each from `line`, joined with LF, CRLF or CR-LF mixed. */
export function linesOf(line: fc.Arbitrary<string>, maxLines = 30): fc.Arbitrary<string> {
  return fc.tuple(fc.array(line, { maxLength: maxLines }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));
}
