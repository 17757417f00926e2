/**
 * Tokens of GRUB 2's shell-like script language (GRUB manual, "Shell-like
 * scripting"; grub-core/script/yylex.l): words made of unquoted text,
 * 'single-quoted' text, "double-quoted" text (where $ expands and \ escapes
 * $ " \ and newline), \-escapes and $variables; ';' and newline separate
 * commands; '{' and '}' are tokens of their own; '#' at the start of a word
 * comments out the rest of the line. One pass over the text, slices only.
 */
import { ParseError } from '../../errors.js';

export type Part = { kind: 'lit'; text: string; quoted: boolean } | { kind: 'var'; name: string; quoted: boolean };

export type Token =
  | { type: 'word'; parts: Part[]; line: number; col: number }
  | { type: 'sep' | 'lbrace' | 'rbrace' | 'eof'; line: number; col: number };

export type WordToken = Extract<Token, { type: 'word' }>;

/** Character classes by char code: 1 ends a word, 2 needs its own handling inside a word. */
const CLASS = new Uint8Array(128);
for (const c of ' \t\r\n;{}') CLASS[c.charCodeAt(0)] = 1 | 2;
for (const c of '\\\'"$') CLASS[c.charCodeAt(0)] = 2;
const endsWord = (code: number): boolean => code < 128 && ((CLASS[code] as number) & 1) !== 0;
const special = (code: number): boolean => code < 128 && ((CLASS[code] as number) & 2) !== 0;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly s: string, private readonly file: string) {}

  /** A ParseError at `at`, on the line that started at `lineStart` (by default the current one). */
  private fail(reason: string, at = this.i, line = this.line, lineStart = this.lineStart): never {
    throw new ParseError(this.file, line, at - lineStart + 1, reason);
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  next(): Token {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && s[this.i + 1] === '\n') {
        this.newline(this.i + 1);
        this.i += 2;
      } else if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else break;
    }
    const line = this.line;
    const col = this.i - this.lineStart + 1;
    const c = s[this.i];
    if (c === undefined) return { type: 'eof', line, col };
    if (c === '\n' || c === ';') {
      if (c === '\n') this.newline(this.i);
      this.i++;
      return { type: 'sep', line, col };
    }
    if (c === '{' || c === '}') {
      this.i++;
      return { type: c === '{' ? 'lbrace' : 'rbrace', line, col };
    }
    const start = this.i;
    const parts = this.word();
    if (this.i === start) this.fail(`unexpected character '${c}'`); // a lexer that does not advance would never end
    return { type: 'word', parts, line, col };
  }

  private word(): Part[] {
    const s = this.s;
    const parts: Part[] = [];
    while (this.i < s.length && !endsWord(s.charCodeAt(this.i))) {
      const c = s[this.i];
      if (c === "'") parts.push(this.singleQuoted());
      else if (c === '"') this.doubleQuoted(parts);
      else if (c === '$') parts.push(this.variable(false));
      else if (c === '\\') {
        const e = s[this.i + 1];
        if (e === undefined) this.fail('a backslash ends the file');
        if (e === '\n') this.newline(this.i + 1);
        else parts.push({ kind: 'lit', text: e, quoted: true });
        this.i += 2;
      } else {
        const start = this.i;
        while (this.i < s.length && !special(s.charCodeAt(this.i))) this.i++;
        parts.push({ kind: 'lit', text: s.slice(start, this.i), quoted: false });
      }
    }
    // An array grown by push keeps room for 16 more, and the syntax tree keeps every word: a 10 MB
    // grub.cfg held 310 MB of tree, 190 MB with arrays of the exact size (npm run bench: parsers).
    return parts.length === 1 ? [parts[0] as Part] : parts;
  }

  private singleQuoted(): Part {
    const start = this.i + 1;
    const end = this.s.indexOf("'", start);
    if (end < 0) this.fail("a single quote (') is never closed", this.i);
    for (let k = start; k < end; k++) if (this.s[k] === '\n') this.newline(k);
    this.i = end + 1;
    return { kind: 'lit', text: this.s.slice(start, end), quoted: true };
  }

  private doubleQuoted(parts: Part[]): void {
    const s = this.s;
    const open = this.i++;
    const [openLine, openLineStart] = [this.line, this.lineStart];
    let start = this.i;
    const flush = (): void => {
      if (this.i > start) parts.push({ kind: 'lit', text: s.slice(start, this.i), quoted: true });
    };
    for (;;) {
      const c = s[this.i];
      if (c === undefined) this.fail('a double quote (") is never closed', open, openLine, openLineStart);
      if (c === '"') break;
      if (c === '$') {
        flush();
        parts.push(this.variable(true));
        start = this.i;
      } else if (c === '\\' && (s[this.i + 1] === '$' || s[this.i + 1] === '"' || s[this.i + 1] === '\\' || s[this.i + 1] === '\n')) {
        flush();
        if (s[this.i + 1] === '\n') this.newline(this.i + 1);
        else parts.push({ kind: 'lit', text: s[this.i + 1] as string, quoted: true });
        this.i += 2;
        start = this.i;
      } else {
        if (c === '\n') this.newline(this.i);
        this.i++;
      }
    }
    flush();
    parts.push({ kind: 'lit', text: '', quoted: true }); // "" is still a word
    this.i++;
  }

  private variable(quoted: boolean): Part {
    const s = this.s;
    const start = this.i + 1;
    if (s[start] === '{') {
      const end = s.indexOf('}', start + 1);
      if (end < 0 || s.slice(start + 1, end).includes('\n')) this.fail("'${' is never closed by '}'");
      this.i = end + 1;
      return { kind: 'var', name: s.slice(start + 1, end), quoted };
    }
    let k = start;
    if (NAME_START.test(s[k] ?? '')) while (k < s.length && NAME_CHAR.test(s[k] as string)) k++;
    else if (/[0-9?#*@]/.test(s[k] ?? '')) k++;
    if (k === start) {
      this.i = start;
      return { kind: 'lit', text: '$', quoted };
    }
    this.i = k;
    return { kind: 'var', name: s.slice(start, k), quoted };
  }
}

/** The word's text when it is plain unquoted text (keywords are recognised only then). */
export function bareWord(t: Token): string | undefined {
  if (t.type !== 'word' || t.parts.length !== 1) return undefined;
  const p = t.parts[0] as Part;
  return p.kind === 'lit' && !p.quoted ? p.text : undefined;
}
