/**
 * LILO's /etc/lilo.conf (lilo.conf(5)); ELILO's elilo.conf uses the same syntax.
 *
 * - `name=value` (blanks around '=' allowed, value may be double-quoted) or a
 *   bare flag; '#' starts a comment outside quotes;
 * - `image=` starts a Linux entry, `other=` a chain-loaded one; options before
 *   the first of them are global, and `append`, `root`, `initrd` given there
 *   apply to every image that does not set its own;
 * - `label=` names an entry (default: the image's file name without its
 *   folder); /sbin/lilo refuses labels over 15 characters and duplicate
 *   labels or aliases;
 * - `default=` names a label (or alias); without it the first image boots;
 * - `map=` (default /boot/map) is the file /sbin/lilo writes. The boot sector
 *   points at the map, and the map at the kernel's disk blocks: lilo.conf is
 *   read only when /sbin/lilo runs, never at boot.
 * Paths are ordinary paths of the running system (lilo reads them there), so
 * the /boot-partition prefix rule of GRUB does not apply to them.
 */
import { firstEntryChoice, makeEntry, setBy } from './entry.js';
import type { BootEntry, ConfigWarning, DefaultChoice, ParsedBoot, UnattendedBoot } from './model.js';

/** lilo's own limit (MAX_IMAGE_NAME in lilo.h). */
export const LILO_LABEL_MAX = 15;

interface Section {
  kind: 'image' | 'other';
  path: string;
  line: number;
  opts: Map<string, string>;
  aliases: string[];
}

export function parseLilo(text: string, file: string): ParsedBoot {
  const globals = new Map<string, string>();
  let defaultLine: number | undefined;
  const sections: Section[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const kv = splitOption(lines[n] as string);
    if (!kv) continue;
    const [key, value] = kv;
    if (key === 'image' || key === 'other') sections.push({ kind: key, path: value, line: n + 1, opts: new Map(), aliases: [] });
    else if (sections.length === 0) {
      globals.set(key, value);
      if (key === 'default') defaultLine = n + 1;
    }
    else if (key === 'alias') (sections[sections.length - 1] as Section).aliases.push(value);
    else (sections[sections.length - 1] as Section).opts.set(key, value);
  }
  const warnings: ConfigWarning[] = [];
  const entries = sections.map((s, i) => toEntry(s, i, globals, file));
  checkLabels(sections, file, warnings);
  const choice = chooseDefault(globals.get('default'), sections, entries, file, warnings);
  const parsed: ParsedBoot = {
    entries,
    default: setBy(choice, defaultLine !== undefined ? { file, line: defaultLine, setting: 'default' } : undefined),
    warnings,
    liloMap: globals.get('map') ?? '/boot/map',
    unattended: unattendedOf(globals, file),
  };
  return parsed;
}

/**
 * lilo.conf(5), "prompt": "Unattended reboots are impossible if prompt is
 * set and timeout isn't." (timeout is in tenths of a second). "password=":
 * an image with a password asks for it before booting unless `restricted`
 * is given (then only when parameters are typed): "mandatory" is the default.
 */
function unattendedOf(globals: Map<string, string>, file: string): UnattendedBoot {
  const prompt = globals.has('prompt');
  const timeout = globals.get('timeout');
  const waits = prompt && (timeout === undefined || timeout === '' || Number(timeout) < 0);
  const note = waits
    ? `${file}: prompt without timeout: LILO waits at its boot prompt for a key (lilo.conf(5): "Unattended reboots are impossible if prompt is set and timeout isn't")`
    : prompt ? `${file}: prompt with timeout=${timeout}: LILO boots the default after ${Number(timeout) / 10} s` : `${file}: no prompt: LILO boots the default at once`;
  const u: UnattendedBoot = { waits, note, file };
  if (globals.get('password')) u.passwordSet = 'password=';
  return u;
}

function splitOption(raw: string): [string, string] | undefined {
  const line = stripComment(raw).trim();
  if (line === '') return undefined;
  // Flag s: without it a CR inside the value made this match quadratic in the line's length (and dropped the line).
  const m = /^([^\s=]+)\s*(?:=\s*(.*))?$/s.exec(line);
  if (!m) return undefined;
  let value = (m[2] ?? '').trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return [(m[1] as string).toLowerCase(), value];
}

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === '#' && !quoted) return line.slice(0, i);
  }
  return line;
}

function labelOf(s: Section): string {
  return s.opts.get('label') ?? s.path.slice(s.path.lastIndexOf('/') + 1);
}

function toEntry(s: Section, i: number, globals: Map<string, string>, file: string): BootEntry {
  const label = labelOf(s);
  if (s.kind === 'other') return makeEntry({ index: String(i), title: label, id: label, linux: false, file, line: s.line });
  // 'literal=' replaces the whole command line; 'append=' adds to root= and ro (lilo.conf(5)).
  const append = s.opts.get('literal') ?? s.opts.get('append') ?? globals.get('append') ?? '';
  const root = s.opts.get('root') ?? globals.get('root');
  const initrd = s.opts.get('initrd') ?? globals.get('initrd');
  const password = s.opts.get('password') ?? globals.get('password');
  const restrictedOnlyForArgs = s.opts.has('restricted') || (globals.has('restricted') && !s.opts.has('mandatory'));
  return makeEntry({
    index: String(i),
    title: label,
    id: label,
    linux: true,
    kernel: s.path,
    initrds: initrd ? [initrd] : [],
    args: append,
    ...(root !== undefined && !s.opts.has('literal') ? { root } : {}),
    ...(password ? { restricted: !restrictedOnlyForArgs } : {}),
    file,
    line: s.line,
  });
}

function checkLabels(sections: Section[], file: string, warnings: ConfigWarning[]): void {
  const seen = new Map<string, number>();
  sections.forEach((s, i) => {
    for (const name of [labelOf(s), ...s.aliases]) {
      if (name.length > LILO_LABEL_MAX) {
        warnings.push({ file, line: s.line, message: `label '${name}' is longer than ${LILO_LABEL_MAX} characters: /sbin/lilo refuses it` });
      }
      const first = seen.get(name);
      if (first !== undefined && first !== i) {
        warnings.push({ file, line: s.line, message: `label '${name}' is used twice (entries ${first} and ${i}): /sbin/lilo refuses duplicate labels` });
      } else seen.set(name, i);
    }
  });
}

function chooseDefault(def: string | undefined, sections: Section[], entries: BootEntry[], file: string, warnings: ConfigWarning[]): DefaultChoice {
  if (def === undefined) return firstEntryChoice(entries.length, undefined, 'none', 'no default=: LILO boots the first image');
  const byLabel = sections.findIndex((s) => labelOf(s) === def);
  const i = byLabel >= 0 ? byLabel : sections.findIndex((s) => s.aliases.includes(def));
  if (i < 0) {
    warnings.push({ file, message: `default=${def} names no label: /sbin/lilo refuses this file, so the map still holds an older configuration` });
    return firstEntryChoice(entries.length, def, 'config', `default=${def} names no label: LILO boots the first image`);
  }
  return { entry: i, requested: def, from: 'config', matchedBy: 'label', matched: true, note: `default=${def}`, oneTime: false };
}
