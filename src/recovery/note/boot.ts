/**
 * The boot checker's verdict (src/bootloader, BootVerdict) as the note's boot
 * section, and the line of the configuration that sets the default (the
 * verdict says how the default was chosen, not on which line). Pure.
 */
import type { BootVerdict, EntryRef } from '../../bootloader/index.js';
import type { LoaderType, NoteBoot, NoteBootEntry } from './model.js';

/** The note's boot section, or undefined when no boot loader configuration was read. */
export function noteBootFromVerdict(v: BootVerdict, configText?: string): NoteBoot | undefined {
  if (!v.loader || !v.configFile) return undefined;
  const loader = loaderType(v);
  const boot: NoteBoot = {
    loader,
    configFile: v.configFile,
    defaultFrom: defaultFrom(v),
    entries: v.entries.filter((e) => e.linux).map(noteEntry),
    bootIsSeparate: v.bootPrefix?.prefix === '/boot',
    findings: v.checks.map((c) => ({ level: c.level, status: c.status, title: c.title, text: c.finding })),
    verdict: v.safe ? 'safe' : 'unsafe',
  };
  if (v.envFile) boot.envFile = v.envFile;
  if (v.nextBoot) boot.defaultEntry = noteEntry(v.nextBoot);
  if (v.fallback) boot.runningEntry = noteEntry(v.fallback);
  if (v.newEntry) boot.newEntry = noteEntry(v.newEntry);
  const line = boot.defaultFrom === 'config' && configText !== undefined ? defaultLineOf(loader, configText) : undefined;
  if (line !== undefined) boot.defaultLine = line;
  return boot;
}

/**
 * BLS entries are read by GRUB 2's blscfg on RHEL 8+ and Fedora 30+ (the
 * machines saferpm is for), so 'bls' alone is treated as GRUB 2 with BLS.
 */
function loaderType(v: BootVerdict): LoaderType {
  switch (v.loader) {
    case 'grub': return 'grub-legacy';
    case 'grub2': return v.blsDir ? 'grub2-bls' : 'grub2';
    case 'bls': return 'grub2-bls';
    case 'lilo': return 'lilo';
    case 'extlinux': return 'extlinux';
    default: return 'unknown';
  }
}

/** GRUB legacy's 'default saved' and GRUB 2's saved_entry/next_entry are all set with a tool. */
function defaultFrom(v: BootVerdict): NoteBoot['defaultFrom'] {
  const from = v.default?.from;
  if (from === 'config') return 'config';
  if (from === 'saved_entry' || from === 'next_entry' || from === 'saved-default-file') return 'saved';
  return 'first';
}

function noteEntry(e: EntryRef): NoteBootEntry {
  const n: NoteBootEntry = { index: e.index, title: e.title, kernel: e.kernel ?? e.kernelPath ?? '' };
  if (e.id !== undefined) n.id = e.id;
  if (e.version !== undefined) n.kernelVersion = e.version;
  return n;
}

/**
 * The 1-based line that sets the default: GRUB legacy 'default=N' or
 * 'default N' (grub.conf), GRUB 2 'set default=' (the last one before the
 * first menuentry, as the menu is built top down), LILO 'default=', extlinux
 * 'default' (case-insensitive, as syslinux reads keywords).
 */
export function defaultLineOf(loader: LoaderType, text: string): number | undefined {
  const lines = text.split('\n');
  const pattern: Partial<Record<LoaderType, RegExp>> = {
    'grub-legacy': /^\s*default(\s*=\s*|\s+)\S/,
    grub2: /^\s*set\s+default=/,
    'grub2-bls': /^\s*set\s+default=/,
    lilo: /^\s*default\s*=/,
    extlinux: /^\s*default\s+\S/i,
  };
  const re = pattern[loader];
  if (!re) return undefined;
  let found: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*(menuentry|submenu|title|image|label)\b/i.test(line)) break;
    if (re.test(line)) found = i + 1;
  }
  return found;
}
