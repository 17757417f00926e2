/**
 * GRUB's `[ ... ]` / `test` (grub-core/commands/test.c): string tests
 * (-z, -n, =, ==, !=, <, <=, >, >=), integer tests (-eq, -ne, -lt, -le, -gt,
 * -ge), file tests (-e, -f, -d, -s), '!', -a, -o and parentheses. A file
 * test asks `exists` (paths on the boot file system); anything else this
 * does not know is false and reported through `unknown`.
 */

export interface TestContext {
  exists(path: string): boolean;
  unknown(what: string): void;
}

const STRING_OPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);
const INT_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const FILE_OPS = new Set(['-e', '-f', '-d', '-s']);

export function evalTest(args: readonly string[], ctx: TestContext): boolean {
  const t = new TestParser(args, ctx);
  const result = t.or();
  if (!t.done()) ctx.unknown(`test expression '${args.join(' ')}'`);
  return result;
}

class TestParser {
  private i = 0;

  constructor(private readonly a: readonly string[], private readonly ctx: TestContext) {}

  done(): boolean {
    return this.i >= this.a.length;
  }

  or(): boolean {
    let v = this.and();
    while (this.a[this.i] === '-o') {
      this.i++;
      v = this.and() || v;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.a[this.i] === '-a') {
      this.i++;
      v = this.not() && v;
    }
    return v;
  }

  private not(): boolean {
    if (this.a[this.i] === '!' && this.i + 1 < this.a.length) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const a = this.a;
    const x = a[this.i];
    if (x === undefined) return false;
    if (x === '(') {
      this.i++;
      const v = this.or();
      if (a[this.i] === ')') this.i++;
      return v;
    }
    const op = a[this.i + 1];
    if (op !== undefined && this.i + 2 < a.length && (STRING_OPS.has(op) || INT_OPS.has(op))) {
      this.i += 3;
      return binary(x, op, a[this.i - 1] as string);
    }
    if ((x === '-z' || x === '-n' || FILE_OPS.has(x)) && this.i + 1 < a.length) {
      const arg = a[this.i + 1] as string;
      this.i += 2;
      if (x === '-z') return arg === '';
      if (x === '-n') return arg !== '';
      return this.ctx.exists(arg);
    }
    this.i++;
    return x !== '';
  }
}

function binary(l: string, op: string, r: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
  }
  const x = parseInt(l, 10);
  const y = parseInt(r, 10);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  if (op === '-eq') return x === y;
  if (op === '-ne') return x !== y;
  if (op === '-lt') return x < y;
  if (op === '-le') return x <= y;
  if (op === '-gt') return x > y;
  return x >= y;
}
