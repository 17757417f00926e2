/**
 * GRUB legacy (0.9x) menu files: /boot/grub/grub.conf, /boot/grub/menu.lst.
 *
 * Semantics from the GNU GRUB 0.97 manual ("13.1 The list of commands for the
 * menu only" and "4.3 How to make your system robust"):
 * - a command and its argument are separated by blanks or '=' (`default=0`,
 *   `default 0`); `title` starts an entry, the lines after it belong to it;
 * - `default N` is a 0-based entry number; `default saved` takes the number
 *   written by `savedefault`/grub-set-default into /boot/grub/default; no
 *   `default` (or a number past the last entry) boots entry 0;
 * - `fallback N [M...]` lists the entries tried, in order, when the default
 *   fails to load;
 * - file names may carry a device, `(hd0,1)/vmlinuz`; without one they are on
 *   the device named by the entry's `root` (the /boot file system).
 * A Xen entry loads the hypervisor with `kernel` and Linux as the first
 * `module`, its initrd as the second.
 */
import { firstEntryChoice, makeEntry, setBy } from './entry.js';
import type { BootEntry, ConfigWarning, DefaultChoice, FallbackChoice, ParsedBoot, UnattendedBoot } from './model.js';

interface Draft {
  title: string;
  line: number;
  kernel?: { path: string; args: string };
  modules: { path: string; args: string }[];
  initrds: string[];
  chainloader: boolean;
  locked?: boolean;
}

export interface GrubLegacyOptions {
  /** Contents of /boot/grub/default, for `default saved`. */
  savedDefault?: string;
}

export function parseGrubLegacy(text: string, file: string, options: GrubLegacyOptions = {}): ParsedBoot {
  const drafts: Draft[] = [];
  const globals = new Map<string, { value: string; line: number }>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const [cmd, arg] = splitCommand(lines[n] as string);
    if (!cmd) continue;
    if (cmd === 'title') drafts.push({ title: arg, line: n + 1, modules: [], initrds: [], chainloader: false });
    else if (drafts.length === 0) globals.set(cmd, { value: arg, line: n + 1 });
    else addToEntry(drafts[drafts.length - 1] as Draft, cmd, arg);
  }
  const entries = drafts.map((d, i) => toEntry(d, i, file));
  const warnings: ConfigWarning[] = [];
  const def = globals.get('default');
  const choice = chooseDefault(def, entries.length, options, file, warnings);
  const setting = def?.value === 'saved' ? 'default saved' : 'default';
  const parsed: ParsedBoot = { entries, default: setBy(choice, def ? { file, line: def.line, setting } : undefined), warnings };
  const fallback = globals.get('fallback');
  if (fallback) parsed.fallback = chooseFallback(fallback.value, entries.length);
  parsed.unattended = unattendedOf(globals, file);
  return parsed;
}

/**
 * GRUB 0.97 manual, "timeout": the menu boots the default after `timeout`
 * seconds; without a timeout line it waits for a key forever. "lock": an
 * entry with `lock` asks for the `password` before it boots.
 */
function unattendedOf(globals: Map<string, { value: string; line: number }>, file: string): UnattendedBoot {
  const t = globals.get('timeout');
  const waits = t === undefined || !/^\d+$/.test(t.value);
  const note = t === undefined
    ? `${file} has no timeout line: GRUB legacy waits at its menu for a key (GRUB 0.97 manual, 'timeout')`
    : `${file}:${t.line}: timeout ${t.value}${waits ? ': not a number of seconds, GRUB legacy waits for a key' : ''}`;
  const u: UnattendedBoot = { waits, note, file };
  if (t) u.line = t.line;
  const pw = globals.get('password');
  if (pw) u.passwordSet = `password (${file}:${pw.line})`;
  return u;
}

/**
 * "kernel=/vmlinuz ro" and "kernel /vmlinuz ro" both name the command 'kernel'.
 * '.' matches every character (flag s): without it a CR inside the line made
 * the match backtrack through every blank before it, quadratic in the line's
 * length (fuzzing: 20,000 blanks took 2 s), and dropped the line; GRUB reads
 * a CR as a blank.
 */
function splitCommand(raw: string): [string, string] {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return ['', ''];
  const m = /^([^\s=]+)[\s=]*(.*)$/s.exec(line);
  return m ? [(m[1] as string).toLowerCase(), (m[2] as string).trim()] : ['', ''];
}

function addToEntry(d: Draft, cmd: string, arg: string): void {
  const [path, args] = splitPath(arg);
  if (cmd === 'kernel') d.kernel = { path, args };
  else if (cmd === 'module' || cmd === 'modulenounzip') d.modules.push({ path, args });
  else if (cmd === 'initrd') d.initrds.push(path);
  else if (cmd === 'chainloader') d.chainloader = true;
  else if (cmd === 'lock') d.locked = true;
}

/** Split "(hd0,1)/vmlinuz-X ro root=..." into the path without its device and the arguments. */
function splitPath(arg: string): [string, string] {
  const m = /^(\S*)\s*(.*)$/s.exec(arg) as RegExpExecArray;
  const word = m[1] as string;
  const path = word.startsWith('(') && word.includes(')') ? word.slice(word.indexOf(')') + 1) || '/' : word;
  return [path, m[2] as string];
}

function toEntry(d: Draft, i: number, file: string): BootEntry {
  const xen = d.kernel !== undefined && d.modules.length > 0 && /(^|\/)xen[^/]*$/.test(d.kernel.path);
  const linuxImage = xen ? d.modules[0] : d.kernel;
  const initrds = xen ? d.modules.slice(1).map((m) => m.path) : d.initrds;
  return makeEntry({
    index: String(i),
    title: d.title,
    linux: linuxImage !== undefined && !d.chainloader,
    ...(linuxImage ? { kernel: linuxImage.path, args: linuxImage.args } : {}),
    initrds,
    ...(d.locked ? { restricted: true } : {}),
    file,
    line: d.line,
  });
}

function chooseDefault(
  def: { value: string; line: number } | undefined,
  count: number,
  options: GrubLegacyOptions,
  file: string,
  warnings: ConfigWarning[],
): DefaultChoice {
  if (!def) return firstEntryChoice(count, undefined, 'none', 'no default line: GRUB boots entry 0');
  let value = def.value;
  let from: DefaultChoice['from'] = 'config';
  if (value === 'saved') {
    from = 'saved-default-file';
    value = /^\s*(\d+)/.exec(options.savedDefault ?? '')?.[1] ?? '';
    if (value === '') {
      warnings.push({ file, line: def.line, message: "'default saved' but /boot/grub/default holds no entry number: GRUB boots entry 0" });
      return firstEntryChoice(count, 'saved', from, "'default saved' with no saved number: GRUB boots entry 0");
    }
  }
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n < count)) return firstEntryChoice(count, value, from, `default ${value} is not an entry number below ${count}: GRUB boots entry 0`);
  return { entry: n, requested: value, from, matchedBy: 'index', matched: true, note: `default ${value}`, oneTime: false };
}

function chooseFallback(value: string, count: number): FallbackChoice {
  const chain = value.split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n < count);
  const first = chain[0];
  const fb: FallbackChoice = { requested: value, note: first === undefined ? `fallback ${value} names no entry` : `fallback ${chain.join(' ')}` };
  if (first !== undefined) {
    fb.entry = first;
    fb.chain = chain;
  }
  return fb;
}
