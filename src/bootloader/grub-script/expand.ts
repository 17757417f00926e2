/**
 * Expanding words into arguments, as GRUB's script engine does
 * (grub-core/script/argv.c, execute.c): variables are replaced by their
 * values (unset is empty); an unquoted variable is split into several
 * arguments at blanks and vanishes when empty; quoted text is kept whole.
 */
import type { Part, WordToken } from './lex.js';

export type Env = Map<string, string>;

/**
 * A menu entry's own scope: reads fall through to the environment the script
 * left, writes stay here (an entry's `set` does not leak), without copying
 * the environment for each of a thousand entries. `unset` of an inherited
 * variable inside an entry is not seen (GRUB scripts do not do that).
 */
export class ScopedEnv extends Map<string, string> {
  constructor(private readonly parent: ReadonlyMap<string, string>) {
    super();
  }

  override get(k: string): string | undefined {
    return super.has(k) ? super.get(k) : this.parent.get(k);
  }

  override has(k: string): boolean {
    return super.has(k) || this.parent.has(k);
  }
}

const BLANKS = /[ \t\n]+/;

export function expandWord(word: WordToken, env: ReadonlyMap<string, string>): string[] {
  const only = word.parts.length === 1 ? word.parts[0] : undefined;
  if (only?.kind === 'lit') return [only.text]; // most words: no allocation beyond the result
  const fields: string[] = [];
  let cur: string[] = [];
  let has = false;
  const finish = (): void => {
    if (has) fields.push(cur.join(''));
    cur = [];
    has = false;
  };
  for (const p of word.parts) {
    if (p.kind === 'lit') {
      cur.push(p.text);
      has = true;
      continue;
    }
    const value = env.get(p.name) ?? '';
    if (p.quoted) {
      cur.push(value);
      has = true;
      continue;
    }
    const pieces = value.split(BLANKS);
    pieces.forEach((piece, k) => {
      if (k > 0) finish();
      if (piece !== '') {
        cur.push(piece);
        has = true;
      }
    });
  }
  finish();
  return fields;
}

export function expandWords(words: readonly WordToken[], env: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const w of words) for (const f of expandWord(w, env)) out.push(f);
  return out;
}

/** The word as one string, without splitting (the value side of NAME=VALUE). */
export function expandJoined(parts: readonly Part[], env: ReadonlyMap<string, string>): string {
  return parts.map((p) => (p.kind === 'lit' ? p.text : env.get(p.name) ?? '')).join('');
}

/** Variables a word refers to (to tell where `default` got its value). */
export function variablesOf(word: WordToken): string[] {
  return word.parts.flatMap((p) => (p.kind === 'var' ? [p.name] : []));
}

/** `NAME=VALUE` as the first word of a command: [name, value parts], or undefined. */
export function assignmentOf(word: WordToken): [string, Part[]] | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'lit' || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return undefined;
  const rest: Part[] = [{ kind: 'lit', text: first.text.slice(m[0].length), quoted: false }, ...word.parts.slice(1)];
  return [m[1] as string, rest];
}
