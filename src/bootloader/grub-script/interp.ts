/**
 * Running a GRUB 2 configuration the way GRUB's normal mode does at boot, as
 * far as it decides the menu and the default: variables, `if`, `[ ]`,
 * `load_env`, `set default=...`, menuentry/submenu definitions and blscfg.
 * Nothing touches the world: files come from the ScriptHost. Commands that
 * only draw the screen or load modules do nothing; loops and user functions
 * are not run (grub-mkconfig output uses neither to decide the default).
 */
import type { BootEntry, ConfigWarning, DefaultChoice } from '../model.js';
import type { BlsEntry } from '../parse-bls.js';
import { assignmentOf, expandJoined, expandWord, expandWords, variablesOf, type Env } from './expand.js';
import type { Node } from './parse.js';
import { matters, runCommand, type BootCollector } from './commands.js';
import type { WordToken } from './lex.js';

export interface ScriptHost {
  file: string;
  /** The grubenv that load_env reads; undefined when missing or unreadable. */
  grubenv?: Readonly<Record<string, string>>;
  bls: readonly BlsEntry[];
  /** Files `source` may read, by path on the boot file system ("/grub2/custom.cfg"). */
  includes: ReadonlyMap<string, string>;
  exists(bootPath: string): boolean;
  warnings: ConfigWarning[];
}

export type RawItem =
  | { kind: 'entry'; title: string; id?: string; restricted?: boolean; positional: string[]; body?: Node[]; ready?: BootEntry; line: number; file: string }
  | { kind: 'submenu'; title: string; id?: string; restricted?: boolean; body: Node[]; line: number; file: string };

export class Interp {
  readonly items: RawItem[] = [];
  status = 0;
  defaultFrom: DefaultChoice['from'] = 'none';
  /** Where the last assignment to `default` ran: its file, line and spelling ('set default' or a bare 'default'). */
  defaultAt?: { file: string; line: number; setting: string };
  /** Where each variable was last set (file and line), for findings that name the line. */
  readonly setAt = new Map<string, { file: string; line: number }>();
  sourceDepth = 0;
  file: string;

  constructor(
    readonly env: Env,
    readonly exported: Set<string>,
    readonly host: ScriptHost,
    readonly boot?: BootCollector,
  ) {
    this.file = host.file;
  }

  warn(line: number, message: string): void {
    this.host.warnings.push({ file: this.file, line, message });
  }

  run(nodes: readonly Node[]): void {
    for (const n of nodes) this.node(n);
  }

  private node(n: Node): void {
    switch (n.t) {
      case 'cmd':
        return this.command(n.words, n.line);
      case 'if':
        return this.ifNode(n);
      case 'menu':
        return this.menu(n);
      case 'block':
        return this.run(n.body);
      case 'func':
        this.status = 0;
        return;
      case 'loop':
        this.warn(n.line, `'${n.kind}' loop not evaluated: entries or settings made inside it are not seen`);
        this.status = 0;
    }
  }

  private ifNode(n: Extract<Node, { t: 'if' }>): void {
    for (const b of n.branches) {
      this.run(b.cond);
      if (this.status === 0) return this.run(b.body);
    }
    if (n.otherwise) this.run(n.otherwise);
    else this.status = 0;
  }

  private command(words: WordToken[], line: number): void {
    const first = words[0];
    if (!first) return;
    const assign = words.length === 1 ? assignmentOf(first) : undefined;
    if (assign) {
      this.assign(assign[0], expandJoined(assign[1], this.env), first, line, '');
      this.status = 0;
      return;
    }
    // The command name first: commands that change nothing saferpm reads (insmod, echo, ...) are not expanded.
    const head = expandWord(first, this.env);
    const name = head[0] ?? (words.length > 1 ? expandWords(words, this.env)[0] : undefined);
    if (name === undefined) return;
    if (!matters(this, name)) {
      this.status = 0;
      return;
    }
    this.status = runCommand(this, expandWords(words, this.env), words, line);
  }

  /** Set a variable (`command` is 'set ' for the set command, '' for a bare NAME=VALUE); for `default`, remember which variable its value came from. */
  assign(name: string, value: string, word?: WordToken, line?: number, command = 'set '): void {
    this.env.set(name, value);
    if (line !== undefined) this.setAt.set(name, { file: this.file, line });
    if (name !== 'default') return;
    if (line !== undefined) this.defaultAt = { file: this.file, line, setting: `${command}default` };
    else delete this.defaultAt;
    const vars = word ? variablesOf(word) : [];
    this.defaultFrom = vars.includes('next_entry') ? 'next_entry' : vars.includes('saved_entry') ? 'saved_entry' : 'config';
  }

  /** `unset default`: GRUB then boots the first entry, as if nothing had set it. */
  forgetDefault(): void {
    delete this.defaultAt;
    this.defaultFrom = 'none';
  }

  private menu(n: Extract<Node, { t: 'menu' }>): void {
    const { title, id, positional, restricted } = menuArgs(expandWords(n.args, this.env));
    if (title === undefined) {
      this.warn(n.line, `${n.kind} without a title is ignored, as GRUB ignores it`);
      return;
    }
    const base = { title, ...(id !== undefined ? { id } : {}), line: n.line, file: this.file };
    this.items.push(n.kind === 'submenu' ? { kind: 'submenu', ...base, restricted, body: n.body } : { kind: 'entry', ...base, restricted, positional, body: n.body });
    this.status = 0;
  }
}

/** Options of menuentry/submenu (grub-core/commands/menuentry.c); the first other word is the title. */
const VALUED = new Set(['--class', '--users', '--hotkey', '--source', '--id']);

/**
 * `restricted`: grub_cmd_menuentry gives an entry without --users and without
 * --unrestricted the user list "" (superusers only); with --users, those
 * users. Either way GRUB asks for a password before booting it once
 * `superusers` is set (GRUB manual, "Authentication and authorisation").
 */
export function menuArgs(argv: string[]): { title?: string; id?: string; positional: string[]; restricted: boolean } {
  const words: string[] = [];
  let id: string | undefined;
  let restricted = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (VALUED.has(name)) {
      const value = name === a ? argv[++i] : a.slice(eq + 1);
      if (name === '--id' && value !== undefined) id = value;
    } else if (a === '--unrestricted') restricted = false;
    else if (!a.startsWith('--') || a === '--') words.push(a);
  }
  const [title, ...positional] = words;
  return { ...(title !== undefined ? { title } : {}), ...(id !== undefined ? { id } : {}), positional, restricted };
}
