/**
 * extlinux.conf / syslinux.cfg (syslinux.cfg(5), doc/syslinux.txt, doc/menu.txt).
 *
 * - a keyword (case-insensitive) and the rest of the line; '#' starts a comment line;
 * - `LABEL name` starts an entry (the name is the rest of the line, matched
 *   case-sensitively); `KERNEL`/`LINUX` the image, `INITRD a,b` the initrds,
 *   `APPEND` the command line (`APPEND -` means none; `initrd=` inside it also
 *   loads an initrd; a global APPEND applies to labels without their own);
 * - `KERNEL x.c32` (COM32), `COM32`, `BOOT`, `BSS`, `PXE`, `FDIMAGE`,
 *   `COMBOOT`, `CONFIG`, `LOCALBOOT` do not boot Linux;
 * - which entry boots unattended: `ONTIMEOUT cmd` when set, else the menu's
 *   `MENU DEFAULT` entry (with a `UI` menu), else the label `DEFAULT cmd`
 *   names (the whole line, or its first word followed by extra options), else
 *   the first label.
 * Relative paths are relative to the folder of the configuration file;
 * absolute ones to the root of the file system extlinux was installed on.
 */
import { firstEntryChoice, makeEntry, setBy } from './entry.js';
import type { ConfigWarning, DefaultChoice, ParsedBoot } from './model.js';

interface Label {
  name: string;
  line: number;
  title?: string;
  kernel?: string;
  linux: boolean;
  initrds: string[];
  append?: string;
  menuDefault: boolean;
}

interface Globals {
  default?: string;
  ontimeout?: string;
  /** Lines of DEFAULT, ONTIMEOUT and MENU DEFAULT. */
  lines: Partial<Record<'default' | 'ontimeout' | 'menu', number>>;
  ui: boolean;
  append?: string;
}

const NON_LINUX = new Set(['com32', 'boot', 'bss', 'pxe', 'fdimage', 'comboot', 'config', 'localboot']);
const NON_LINUX_EXT = /\.(c32|cbt|com|bs|bss|bin|0|img)$/i;

export function parseExtlinux(text: string, file: string): ParsedBoot {
  const { labels, g, warnings } = readLines(text, file);
  const entries = labels.map((l, i) =>
    makeEntry({ index: String(i), title: l.title ?? l.name, id: l.name, linux: l.linux && l.kernel !== undefined, ...kernelFields(l, g), file, line: l.line }),
  );
  if (!g.default && !g.ontimeout && !g.ui && labels.length > 0) {
    warnings.push({ file, message: 'no DEFAULT, ONTIMEOUT or UI menu: syslinux stops at its boot: prompt ("No DEFAULT or UI configuration directive found!") and boots nothing unattended' });
  }
  return { entries, default: chooseDefault(labels, g, file), warnings };
}

function readLines(text: string, file: string): { labels: Label[]; g: Globals; warnings: ConfigWarning[] } {
  const labels: Label[] = [];
  const g: Globals = { ui: false, lines: {} };
  const warnings: ConfigWarning[] = [];
  const lines = text.split('\n');
  let inText = false;
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).trim();
    // Flag s: a CR inside the line is a blank to syslinux, and without the flag it made this match quadratic.
    const m = /^(\S+)\s*(.*)$/s.exec(line);
    if (!m || line.startsWith('#')) continue;
    const key = (m[1] as string).toLowerCase();
    const rest = m[2] as string;
    if (inText) {
      inText = key !== 'endtext';
      continue;
    }
    if (key === 'text') inText = true;
    else if (key === 'label') labels.push({ name: rest, line: n + 1, linux: true, initrds: [], menuDefault: false });
    else if (key === 'include' || (key === 'menu' && /^include\b/i.test(rest))) {
      warnings.push({ file, line: n + 1, message: `'${line}' is not followed: entries in the included file are not checked` });
    } else {
      applyKeyword(labels[labels.length - 1], g, key, rest, n + 1);
    }
  }
  return { labels, g, warnings };
}

/** `line`: where the keyword is, kept for the global DEFAULT and ONTIMEOUT and a label's MENU DEFAULT (DefaultChoice.line). */
function applyKeyword(l: Label | undefined, g: Globals, key: string, rest: string, line: number): void {
  if (!l) {
    // The old way to get a menu: 'DEFAULT menu.c32' runs the menu module instead of a label.
    if (key === 'default' && NON_LINUX_EXT.test(rest.split(/\s+/)[0] as string)) g.ui = true;
    else if (key === 'default') {
      g.default = rest;
      g.lines.default = line;
    } else if (key === 'ontimeout') {
      g.ontimeout = rest;
      g.lines.ontimeout = line;
    } else if (key === 'ui') g.ui = true;
    else if (key === 'append') g.append = rest;
    return;
  }
  if (key === 'kernel' || key === 'linux') {
    l.kernel = rest.split(/\s+/)[0] as string;
    l.linux = key === 'linux' || !NON_LINUX_EXT.test(l.kernel);
  } else if (NON_LINUX.has(key)) l.linux = false;
  else if (key === 'initrd') l.initrds = l.initrds.concat(rest.split(',').map((s) => s.trim()).filter(Boolean)); // push(...list) overflows the stack on a huge list
  else if (key === 'append') l.append = rest;
  else if (key === 'menu' && applyMenu(l, rest)) g.lines.menu ??= line;
}

/** true for MENU DEFAULT. */
function applyMenu(l: Label, rest: string): boolean {
  const m = /^(\S+)\s*(.*)$/s.exec(rest);
  const sub = m?.[1]?.toLowerCase();
  if (sub === 'label') l.title = (m?.[2] as string).replace(/\^/g, '');
  else if (sub === 'default') l.menuDefault = true;
  return sub === 'default';
}

function kernelFields(l: Label, g: Globals): { kernel?: string; initrds: string[]; args: string } {
  const raw = l.append ?? g.append ?? '';
  const append = raw === '-' ? '' : raw;
  const fromAppend = append
    .split(/\s+/)
    .filter((w) => w.startsWith('initrd='))
    .flatMap((w) => w.slice(7).split(','));
  const args = append
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('initrd='))
    .join(' ');
  return { ...(l.kernel !== undefined ? { kernel: l.kernel } : {}), initrds: [...l.initrds, ...fromAppend.filter(Boolean)], args };
}

function chooseDefault(labels: Label[], g: Globals, file: string): DefaultChoice {
  const at = (keyword: 'default' | 'ontimeout' | 'menu', setting: string): { file: string; line: number; setting: string } | undefined => {
    const line = g.lines[keyword];
    return line === undefined ? undefined : { file, line, setting };
  };
  const findLabel = (cmd: string): number => {
    const whole = labels.findIndex((l) => l.name === cmd);
    return whole >= 0 ? whole : labels.findIndex((l) => l.name === cmd.split(/\s+/)[0]);
  };
  const chosen = (i: number, requested: string, how: string): DefaultChoice =>
    i < 0
      ? firstEntryChoice(labels.length, requested, 'config', `${how} '${requested}' names no label: the first label boots`)
      : { entry: i, requested, from: 'config', matchedBy: 'label', matched: true, note: `${how} ${requested}`, oneTime: false };
  if (g.ontimeout) return setBy(chosen(findLabel(g.ontimeout), g.ontimeout, 'ONTIMEOUT'), at('ontimeout', 'ONTIMEOUT'));
  const menuDefault = g.ui ? labels.findIndex((l) => l.menuDefault) : -1;
  if (menuDefault >= 0) return setBy(chosen(menuDefault, (labels[menuDefault] as Label).name, 'MENU DEFAULT'), at('menu', 'MENU DEFAULT'));
  // Without a UI menu, SYSLINUX runs DEFAULT as a command line: a word that is no label is loaded as a
  // kernel file ("Loading X... failed: No such file or directory"), and with no DEFAULT it says "No
  // DEFAULT or UI configuration directive found!"; either way it waits at boot: (booted in test/boot).
  if (!g.ui && g.default && findLabel(g.default) < 0) return setBy(nothingBoots(g.default, `DEFAULT '${g.default}' names no label: SYSLINUX tries to load a kernel file of that name and stops at its boot: prompt`), at('default', 'DEFAULT'));
  if (g.default) return setBy(chosen(findLabel(g.default), g.default, 'DEFAULT'), at('default', 'DEFAULT'));
  if (!g.ui) return nothingBoots(undefined, 'no DEFAULT, ONTIMEOUT or UI: SYSLINUX stops at its boot: prompt');
  return firstEntryChoice(labels.length, undefined, 'none', 'no DEFAULT: the menu boots the first label');
}

function nothingBoots(requested: string | undefined, note: string): DefaultChoice {
  return { ...(requested !== undefined ? { requested } : {}), from: requested !== undefined ? 'config' : 'none', matchedBy: 'label', matched: false, note, oneTime: false };
}
