/**
 * GRUB 2 script syntax tree: commands, if/elif/else/fi, menuentry and
 * submenu blocks, function definitions, and loops (kept, never run). Follows
 * the grammar of grub-core/script/parser.y closely enough for configuration
 * files; a construct it cannot close (a missing `fi` or `}`) is a ParseError
 * with the line and column where it started.
 */
import { ParseError } from '../../errors.js';
import { bareWord, Lexer, type Token, type WordToken } from './lex.js';

export type Node =
  | { t: 'cmd'; words: WordToken[]; line: number }
  | { t: 'if'; branches: { cond: Node[]; body: Node[] }[]; otherwise?: Node[]; line: number }
  | { t: 'menu'; kind: 'menuentry' | 'submenu'; args: WordToken[]; body: Node[]; line: number }
  | { t: 'func'; name: string; body: Node[]; line: number }
  | { t: 'loop'; kind: string; body: Node[]; line: number }
  | { t: 'block'; body: Node[]; line: number };

/** Deeper nesting than this is not a configuration file (and would exhaust the stack). */
const MAX_DEPTH = 64;

const LOOPS = new Set(['for', 'while', 'until']);

export function parseGrubScript(text: string, file: string): Node[] {
  const p = new Parser(new Lexer(text, file), file);
  const nodes = p.list(new Set(), 0);
  p.expectEnd();
  return nodes;
}

class Parser {
  private tok: Token;

  constructor(private readonly lex: Lexer, private readonly file: string) {
    this.tok = lex.next();
  }

  private fail(t: Token, reason: string): never {
    throw new ParseError(this.file, t.line, t.col, reason);
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lex.next();
    return t;
  }

  expectEnd(): void {
    if (this.tok.type === 'rbrace') this.fail(this.tok, "'}' without a matching '{'");
    const kw = bareWord(this.tok);
    if (this.tok.type !== 'eof') this.fail(this.tok, `'${kw ?? this.tok.type}' without the command that opens it`);
  }

  /** Commands until one of the keywords in `stop` (left unconsumed), '}' or the end. */
  list(stop: Set<string>, depth: number): Node[] {
    if (depth > MAX_DEPTH) this.fail(this.tok, `blocks nested more than ${MAX_DEPTH} deep`);
    const nodes: Node[] = [];
    for (;;) {
      while (this.tok.type === 'sep') this.advance();
      const t = this.tok;
      const kw = bareWord(t);
      if (t.type === 'eof' || t.type === 'rbrace' || (kw !== undefined && stop.has(kw))) return nodes;
      nodes.push(this.command(depth));
    }
  }

  private command(depth: number): Node {
    const t = this.tok;
    const kw = bareWord(t);
    if (t.type === 'lbrace') {
      this.advance();
      return { t: 'block', body: this.braced(t, depth), line: t.line };
    }
    if (kw === 'if') return this.ifNode(depth);
    if (kw === 'function') return this.funcNode(depth);
    if (kw === 'menuentry' || kw === 'submenu') return this.menuNode(kw, depth);
    if (kw !== undefined && LOOPS.has(kw)) return this.loopNode(kw, depth);
    if (kw === 'then' || kw === 'elif' || kw === 'else' || kw === 'fi' || kw === 'do' || kw === 'done') {
      this.fail(t, `'${kw}' without the command that opens it`);
    }
    const words: WordToken[] = [];
    while (this.tok.type === 'word') words.push(this.advance() as WordToken);
    return { t: 'cmd', words: words.slice(), line: t.line }; // exact size: the tree keeps every command (lex.ts, word())
  }

  private keyword(word: string, opener: Token): void {
    if (bareWord(this.tok) === word) {
      this.advance();
      return;
    }
    if (this.tok.type === 'eof') this.fail(opener, `'${bareWord(opener)}' opened at line ${opener.line} is never closed by '${word}'`);
    this.fail(this.tok, `expected '${word}' for the '${bareWord(opener)}' at line ${opener.line}`);
  }

  private ifNode(depth: number): Node {
    const start = this.advance();
    const branches: { cond: Node[]; body: Node[] }[] = [];
    let otherwise: Node[] | undefined;
    for (;;) {
      const cond = this.list(new Set(['then']), depth + 1);
      this.keyword('then', start);
      const body = this.list(new Set(['elif', 'else', 'fi']), depth + 1);
      branches.push({ cond, body });
      const kw = bareWord(this.tok);
      this.advance();
      if (kw === 'elif') continue;
      if (kw === 'else') {
        otherwise = this.list(new Set(['fi']), depth + 1);
        this.keyword('fi', start);
      } else if (kw !== 'fi') this.fail(start, `'if' opened at line ${start.line} is never closed by 'fi'`);
      break;
    }
    return otherwise ? { t: 'if', branches, otherwise, line: start.line } : { t: 'if', branches, line: start.line };
  }

  private funcNode(depth: number): Node {
    const start = this.advance();
    const name = this.tok.type === 'word' ? bareWord(this.tok) : undefined;
    if (name === undefined) this.fail(this.tok, "'function' needs a name");
    this.advance();
    return { t: 'func', name, body: this.openBrace(start, depth), line: start.line };
  }

  private menuNode(kind: 'menuentry' | 'submenu', depth: number): Node {
    const start = this.advance();
    const args: WordToken[] = [];
    while (this.tok.type === 'word') args.push(this.advance() as WordToken);
    return { t: 'menu', kind, args, body: this.openBrace(start, depth), line: start.line };
  }

  private loopNode(kind: string, depth: number): Node {
    const start = this.advance();
    this.list(new Set(['do']), depth + 1);
    this.keyword('do', start);
    const body = this.list(new Set(['done']), depth + 1);
    this.keyword('done', start);
    return { t: 'loop', kind, body, line: start.line };
  }

  /** Newlines, then '{', then a block. */
  private openBrace(opener: Token, depth: number): Node[] {
    while (this.tok.type === 'sep') this.advance();
    if (this.tok.type !== 'lbrace') this.fail(this.tok.type === 'eof' ? opener : this.tok, `expected '{' after the '${bareWord(opener)}' at line ${opener.line}`);
    this.advance();
    return this.braced(opener, depth);
  }

  private braced(opener: Token, depth: number): Node[] {
    const body = this.list(new Set(), depth + 1);
    if (this.tok.type !== 'rbrace') {
      const kw = bareWord(this.tok);
      this.fail(this.tok.type === 'eof' ? opener : this.tok, kw ? `'${kw}' without the command that opens it` : `'{' opened at line ${opener.line} is never closed`);
    }
    this.advance();
    return body;
  }
}
