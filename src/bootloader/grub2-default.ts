/**
 * Which GRUB 2 menu entry boots: the `default` variable resolved against the
 * menu as GRUB does (grub-core/normal/menu.c: get_entry_number, menuentry_eq,
 * grub_menu_execute_entry, run_menu; GRUB manual, "default" and "fallback").
 *
 * - The value is a path of components separated by '>' (">>" is a literal
 *   '>'), one per submenu level: "Advanced options>Fedora (6.1)", "1>0",
 *   "gnulinux-advanced-X>gnulinux-6.1-advanced-X".
 * - A component names an entry by id, else by title, else by number. The
 *   whole component must be a number (base as C's strtoul: 0x.. hex, 0..
 *   octal): Fedora/RHEL GRUB checks ids and titles first and rejects trailing
 *   text, so a BLS id such as "3b1b...-5.14.0" is not entry 3, as upstream
 *   GRUB's bare strtoul would read it.
 * - A default that names nothing, or a number past the end, boots the first
 *   entry of that level (run_menu: "fall back to the first entry"). A
 *   submenu chosen without a further component boots its first entry.
 */
import { setBy } from './entry.js';
import type { BootEntry, DefaultChoice } from './model.js';

export interface MenuEntryNode {
  kind: 'entry';
  title: string;
  id?: string;
  /** Position in the flattened list of entries. */
  flat: number;
}

export interface SubmenuNode {
  kind: 'submenu';
  title: string;
  id?: string;
  children: MenuNode[];
}

export type MenuNode = MenuEntryNode | SubmenuNode;

export interface Resolution {
  flat?: number;
  matched: boolean;
  matchedBy: DefaultChoice['matchedBy'];
  /** For the note: the level at which matching stopped ("" at the top). */
  failedAt?: string;
}

export function splitComponents(spec: string): string[] {
  const parts: string[] = [];
  let cur: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === '>' && spec[i + 1] === '>') {
      cur.push('>');
      i++;
    } else if (c === '>') {
      parts.push(cur.join(''));
      cur = [];
    } else cur.push(c);
  }
  parts.push(cur.join(''));
  return parts;
}

/** C strtoul(s, &end, 0) when the whole string must be consumed; NaN otherwise. */
export function grubNumber(s: string): number {
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9][0-9]*$/.test(s)) return parseInt(s, 10);
  return NaN;
}

function findInLevel(level: MenuNode[], comp: string): { pos: number; how: 'id' | 'title' | 'index' } | undefined {
  const byId = level.findIndex((n) => n.id !== undefined && n.id === comp);
  if (byId >= 0) return { pos: byId, how: 'id' };
  const byTitle = level.findIndex((n) => n.title === comp);
  if (byTitle >= 0) return { pos: byTitle, how: 'title' };
  const n = grubNumber(comp);
  return n < level.length ? { pos: n, how: 'index' } : undefined;
}

function firstLeaf(level: MenuNode[]): number | undefined {
  const first = level[0];
  if (!first) return undefined;
  return first.kind === 'entry' ? first.flat : firstLeaf(first.children);
}

export function resolveMenuSpec(menu: MenuNode[], spec: string): Resolution {
  let level = menu;
  let how: Resolution['matchedBy'] = 'first-entry';
  const walked: string[] = [];
  for (const comp of splitComponents(spec)) {
    const found = findInLevel(level, comp);
    if (!found) {
      const r: Resolution = { matched: false, matchedBy: 'first-entry', failedAt: walked.join('>') };
      const f = firstLeaf(level);
      if (f !== undefined) r.flat = f;
      return r;
    }
    how = found.how;
    const node = level[found.pos] as MenuNode;
    walked.push(String(found.pos));
    if (node.kind === 'entry') return { flat: node.flat, matched: true, matchedBy: how };
    level = node.children;
  }
  const r: Resolution = { matched: true, matchedBy: how };
  const f = firstLeaf(level);
  if (f !== undefined) r.flat = f;
  return r;
}

/** The DefaultChoice for a value of `default` that came from `from`. */
export function chooseGrubDefault(menu: MenuNode[], entries: BootEntry[], value: string | undefined, from: DefaultChoice['from']): DefaultChoice {
  const base = { from, oneTime: from === 'next_entry' };
  if (value === undefined || value === '') {
    const c: DefaultChoice = { ...base, matchedBy: 'first-entry', matched: value === undefined, note: describeUnset(from, value) };
    const f = firstLeaf(menu);
    if (f !== undefined) c.entry = f;
    if (value !== undefined) c.requested = value;
    return c;
  }
  const r = resolveMenuSpec(menu, value);
  const c: DefaultChoice = { ...base, requested: value, matchedBy: r.matchedBy, matched: r.matched, note: '' };
  if (r.flat !== undefined) c.entry = r.flat;
  const target = r.flat === undefined ? 'nothing' : `entry ${(entries[r.flat] as BootEntry).index}`;
  c.note = r.matched
    ? `${label(from)} '${value}' matches ${target} by ${r.matchedBy}`
    : `${label(from)} '${value}' names no entry: GRUB boots ${target} instead`;
  return c;
}

function label(from: DefaultChoice['from']): string {
  return from === 'next_entry' ? 'next_entry (one-time, grub2-reboot)' : from === 'saved_entry' ? 'saved_entry' : 'default';
}

function describeUnset(from: DefaultChoice['from'], value: string | undefined): string {
  if (value === undefined) return 'default is not set: GRUB boots the first entry';
  return `${label(from)} is empty: GRUB boots the first entry`;
}

/** Where grubenv's variables are: its path inside the root and each name's line (GrubEnvReport). */
export interface EnvLines {
  file: string;
  lines: Readonly<Record<string, number>>;
}

/**
 * For a flat list (BLS entries alone): next_entry wins once, then
 * saved_entry, as grub.cfg's 00_header does. With `at`, the choice names
 * the grubenv line of the variable that decided (DefaultChoice.line).
 */
export function resolveSavedEntry(entries: BootEntry[], env: ReadonlyMap<string, string>, at?: EnvLines): DefaultChoice {
  const menu: MenuNode[] = entries.map((e, i) => ({ kind: 'entry', title: e.title, ...(e.id !== undefined ? { id: e.id } : {}), flat: i }));
  const where = (name: string): { file: string; line: number; setting: string } | undefined => {
    const line = at?.lines[name];
    return at && line !== undefined ? { file: at.file, line, setting: name } : undefined;
  };
  const next = env.get('next_entry');
  if (next) return setBy(chooseGrubDefault(menu, entries, next, 'next_entry'), where('next_entry'));
  const saved = env.get('saved_entry');
  const choice = chooseGrubDefault(menu, entries, saved, saved === undefined ? 'none' : 'saved_entry');
  return saved === undefined ? choice : setBy(choice, where('saved_entry'));
}
