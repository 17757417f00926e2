import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { Lexer, type Token } from '../../../src/bootloader/grub-script/lex.js';
import { parseGrubScript } from '../../../src/bootloader/grub-script/parse.js';
import { expandWord } from '../../../src/bootloader/grub-script/expand.js';
import { evalTest } from '../../../src/bootloader/grub-script/test-expr.js';
import { grubNumber, splitComponents } from '../../../src/bootloader/grub2-default.js';

function tokens(text: string): Token[] {
  const lx = new Lexer(text, 't.cfg');
  const out: Token[] = [];
  for (let t = lx.next(); t.type !== 'eof'; t = lx.next()) out.push(t);
  return out;
}

function words(text: string, env: Record<string, string> = {}): string[][] {
  return tokens(text)
    .filter((t) => t.type === 'word')
    .map((t) => expandWord(t as Extract<Token, { type: 'word' }>, new Map(Object.entries(env))));
}

function parseErrorOf(text: string): ParseError {
  try {
    parseGrubScript(text, 'bad.cfg');
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('no ParseError');
}

describe('GRUB script words', () => {
  it('quotes: single literal, double expands, backslash escapes', () => {
    expect(words(`'a $x' "b $x" c\\ d \\$x`, { x: '1' })).toEqual([['a $x'], ['b 1'], ['c d'], ['$x']]);
  });

  it('splits unquoted variables at blanks and drops empty ones', () => {
    expect(words('$opts', { opts: 'ro  quiet' })).toEqual([['ro', 'quiet']]);
    expect(words('x$empty', {})).toEqual([['x']]);
    expect(words('$empty', {})).toEqual([[]]);
    expect(words('""', {})).toEqual([['']]);
    expect(words('${a}b', { a: 'x y' })).toEqual([['x', 'yb']]);
  });

  it('a comment starts only at the beginning of a word', () => {
    expect(words('a#b # c d')).toEqual([['a#b']]);
  });

  it('braces are tokens of their own; ${...} is not', () => {
    expect(tokens('x{${y}}').map((t) => t.type)).toEqual(['word', 'lbrace', 'word', 'rbrace']);
  });

  it('joins lines ended by a backslash', () => {
    expect(words('linux /vmlinuz \\\n  ro')).toEqual([['linux'], ['/vmlinuz'], ['ro']]);
  });
});

describe('GRUB script syntax errors carry the line and column', () => {
  it('an unclosed single quote', () => {
    const e = parseErrorOf("set a=1\nmenuentry 'Fedora {\n}\n");
    expect([e.line, e.column]).toEqual([2, 11]);
    expect(e.message).toBe("bad.cfg:2:11: a single quote (') is never closed");
  });

  it('an unclosed double quote spanning lines points at the quote', () => {
    const e = parseErrorOf('set a=1\n  echo "x\ny\n');
    expect([e.line, e.column]).toEqual([2, 8]);
  });

  it('an if without fi names the line that opened it', () => {
    const e = parseErrorOf('set a=1\nif [ -z "$a" ]; then\n  set a=2\n');
    expect(e.line).toBe(2);
    expect(e.reason).toBe("'if' opened at line 2 is never closed by 'fi'");
  });

  it("a '}' with no '{', and a 'fi' with no 'if'", () => {
    expect(parseErrorOf('set a=1\n}\n').reason).toMatch(/'}' without a matching '{'/);
    expect(parseErrorOf('fi\n').reason).toMatch(/'fi' without the command that opens it/);
  });

  it('deep nesting is refused instead of exhausting the stack', () => {
    const deep = '{ '.repeat(5000) + '}'.repeat(5000);
    expect(parseErrorOf(deep).reason).toMatch(/nested more than 64 deep/);
  });
});

describe('[ ... ] as GRUB evaluates it', () => {
  const ctx = { exists: (p: string) => p === '/grub2/grubenv', unknown: () => undefined };
  it.each([
    [['-z', ''], true],
    [['-n', ''], false],
    [['x'], true],
    [[''], false],
    [['a', '=', 'a'], true],
    [['xy', '=', 'xn'], false],
    [['1', '-a', 'b', '=', 'b'], true],
    [['', '-o', 'b', '!=', 'b'], false],
    [['!', '-s', '/grub2/grubenv'], false],
    [['-f', '/grub2/custom.cfg'], false],
    [['3', '-gt', '10'], false],
    [['(', '', '-o', 'x', ')', '-a', 'y'], true],
  ] as [string[], boolean][])('%j is %s', (args, want) => {
    expect(evalTest(args, ctx)).toBe(want);
  });
});

describe('default paths', () => {
  it("split at '>' and keep '>>' as a literal '>'", () => {
    expect(splitComponents('a>b>>c>d')).toEqual(['a', 'b>c', 'd']);
  });

  it('numbers as C strtoul with base 0, whole string only', () => {
    expect([grubNumber('2'), grubNumber('0x10'), grubNumber('010'), grubNumber('0')]).toEqual([2, 16, 8, 0]);
    expect(grubNumber('3b1bf670-5.14')).toBeNaN();
    expect(grubNumber('')).toBeNaN();
  });
});
