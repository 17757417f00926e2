/**
 * The GRUB commands that decide the menu and what an entry loads. Every
 * other command (insmod, search, echo, terminal_output, ...) succeeds and
 * does nothing, which is what matters for the default: grub-mkconfig's
 * output never branches on their results.
 */
import { blsMenuItems } from '../bls-entries.js';
import { evalTest } from './test-expr.js';
import { parseGrubScript } from './parse.js';
import type { WordToken } from './lex.js';
import { variablesOf } from './expand.js';
import { ParseError } from '../../errors.js';
import type { Interp } from './interp.js';

/** How deep `source` may nest (GRUB has no limit; a file sourcing itself would never end). */
const MAX_SOURCE_DEPTH = 8;
/**
 * How many `source` commands one configuration may run in all: depth alone
 * does not bound the work, since a file with k `source` lines that reach
 * itself runs k^8 times (fuzzing found 5 such lines taking 4 s, 10 never ending).
 */
const MAX_SOURCES = 256;
const sourced = new WeakMap<object, number>();

/** What a menu entry's body loads, collected while it runs. */
export interface BootCollector {
  kernel?: { path: string; args: string; emptyVars: string[] };
  initrds: string[];
  hypervisor?: string;
  modules: { path: string; args: string; emptyVars: string[] }[];
  chainloads: boolean;
}

/** "(hd0,msdos1)/vmlinuz" and "($root)/vmlinuz" name /vmlinuz on that device. */
export function stripGrubDevice(p: string): string {
  if (!p.startsWith('(')) return p;
  const close = p.indexOf(')');
  return close < 0 ? p : p.slice(close + 1) || '/';
}

type Handler = (it: Interp, argv: string[], words: WordToken[], line: number) => number;

const LINUX = new Set(['linux', 'linux16', 'linuxefi']);
const INITRD = new Set(['initrd', 'initrd16', 'initrdefi']);

const HANDLERS: Record<string, Handler> = {
  // grub_core_cmd_set uses its first argument only: `set a= "x"` sets a to "".
  set: (it, argv, words, line) => {
    const a = argv[1];
    if (a === undefined) return 0;
    const eq = a.indexOf('=');
    if (eq <= 0) {
      it.warn(line, `'set ${a}' is not an assignment; GRUB ignores it`);
      return 1;
    }
    it.assign(a.slice(0, eq), a.slice(eq + 1), words[1], line);
    return 0;
  },
  unset: (it, argv) => {
    for (const name of argv.slice(1)) it.env.delete(name);
    // An unset default boots the first entry: no line chooses it any more.
    if (argv.includes('default')) it.forgetDefault();
    return 0;
  },
  export: (it, argv) => {
    for (const name of argv.slice(1)) it.exported.add(name);
    return 0;
  },
  load_env: (it, argv) => loadEnv(it, argv),
  '[': (it, argv, _w, line) => {
    if (argv[argv.length - 1] !== ']') {
      it.warn(line, "'[' without a closing ']' is false, as in GRUB");
      return 1;
    }
    return test(it, argv.slice(1, -1), line);
  },
  test: (it, argv, _w, line) => test(it, argv.slice(1), line),
  true: () => 0,
  false: () => 1,
  blscfg: (it, argv, _w, line) => blscfg(it, argv, line),
  bls_import: (it, argv, _w, line) => blscfg(it, argv, line),
  source: (it, argv, _w, line) => source(it, argv[1], line),
  configfile: (it, argv, _w, line) => {
    it.warn(line, `'configfile ${argv[1] ?? ''}' is not followed: check that file with --config`);
    return 0;
  },
};

const COLLECTED = new Set([...LINUX, ...INITRD, 'multiboot', 'multiboot2', 'module', 'module2', 'chainloader', 'fwsetup']);

/** Whether running `name` can change anything saferpm looks at (else its arguments need not be expanded). */
export function matters(it: Interp, name: string): boolean {
  return Object.hasOwn(HANDLERS, name) || (it.boot !== undefined && COLLECTED.has(name));
}

export function runCommand(it: Interp, argv: string[], words: WordToken[], line: number): number {
  const name = argv[0] as string;
  if (Object.hasOwn(HANDLERS, name)) return (HANDLERS[name] as Handler)(it, argv, words, line);
  if (it.boot) collect(it, it.boot, name, argv, words);
  return 0;
}

/** Variables named on a command line whose value is empty or unset: they expand to nothing. */
function emptyVarsOf(it: Interp, words: readonly WordToken[]): string[] {
  return [...new Set(words.flatMap(variablesOf))].filter((v) => !it.env.get(v));
}

function collect(it: Interp, b: BootCollector, name: string, argv: string[], words: readonly WordToken[]): void {
  const path = stripGrubDevice(argv[1] ?? '');
  if (LINUX.has(name) && argv[1] !== undefined) b.kernel = { path, args: argv.slice(2).join(' '), emptyVars: emptyVarsOf(it, words.slice(1)) };
  else if (INITRD.has(name)) b.initrds = b.initrds.concat(argv.slice(1).filter((a) => !a.startsWith('--')).map(stripGrubDevice)); // push(...list) overflows the stack on a huge list
  else if ((name === 'multiboot' || name === 'multiboot2') && argv[1] !== undefined) b.hypervisor = path;
  else if (name === 'module' || name === 'module2') {
    const rest = argv.slice(1).filter((a) => !a.startsWith('--'));
    if (rest[0] !== undefined) b.modules.push({ path: stripGrubDevice(rest[0]), args: rest.slice(1).join(' '), emptyVars: emptyVarsOf(it, words.slice(1)) });
  } else if (name === 'chainloader' || name === 'fwsetup') b.chainloads = true;
}

function test(it: Interp, args: string[], line: number): number {
  const ok = evalTest(args, {
    exists: (p) => it.host.exists(stripGrubDevice(p)),
    unknown: (what) => it.warn(line, `${what} is not understood; taken as false`),
  });
  return ok ? 0 : 1;
}

/** load_env [-f FILE] [-s] [NAME...]: every form reads the one grubenv saferpm was given. */
function loadEnv(it: Interp, argv: string[]): number {
  const env = it.host.grubenv;
  if (!env) return 1;
  const names: string[] = [];
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (a === '-f' || a === '--file') k++;
    else if (!a.startsWith('-')) names.push(a);
  }
  for (const [k, v] of Object.entries(env)) if (names.length === 0 || names.includes(k)) it.env.set(k, v);
  return 0;
}

function blscfg(it: Interp, argv: string[], line: number): number {
  if (argv.length > 1) it.warn(line, `'${argv.join(' ')}': arguments are ignored; all BLS entries are listed`);
  for (const item of blsMenuItems(it.host.bls, it.env, it.host.warnings)) {
    const e = item.entry;
    it.items.push({ kind: 'entry', title: e.title, ...(e.id !== undefined ? { id: e.id } : {}), restricted: e.restricted ?? false, positional: [], ready: e, line: e.source.line, file: e.source.file });
  }
  return 0;
}

function source(it: Interp, file: string | undefined, line: number): number {
  const path = stripGrubDevice(file ?? '');
  const text = it.host.includes.get(path);
  if (text === undefined) {
    it.warn(line, `'source ${file ?? ''}' not followed (file not found under the root)`);
    return 1;
  }
  const count = (sourced.get(it.host) ?? 0) + 1;
  sourced.set(it.host, count);
  if (it.sourceDepth >= MAX_SOURCE_DEPTH || count > MAX_SOURCES) {
    it.warn(line, `'source ${file ?? ''}' not followed: sourced files nest more than ${MAX_SOURCE_DEPTH} deep or number more than ${MAX_SOURCES} (a file that sources itself?)`);
    return 1;
  }
  let nodes;
  try {
    nodes = parseGrubScript(text, path);
  } catch (e) {
    // GRUB fails the `source` command and goes on with grub.cfg.
    if (!(e instanceof ParseError)) throw e;
    it.warn(line, `'source ${file ?? ''}' fails: ${e.message}`);
    return 1;
  }
  const saved = it.file;
  it.sourceDepth++;
  it.file = path;
  try {
    it.run(nodes);
  } finally {
    it.file = saved;
    it.sourceDepth--;
  }
  return 0;
}
