/**
 * The boot checker's verdict (src/bootloader, BootVerdict) as the note's boot
 * section. Every fact comes from the verdict, which the boot loader's parsers
 * made: the line that chose the default too (DefaultChoice.line, file,
 * setting). Pure.
 */
import type { BootVerdict, EntryRef } from '../../bootloader/index.js';
import type { LoaderType, NoteBoot, NoteBootEntry } from './model.js';

/** The note's boot section, or undefined when no boot loader configuration was read. */
export function noteBootFromVerdict(v: BootVerdict): NoteBoot | undefined {
  if (!v.loader || !v.configFile) return undefined;
  const boot: NoteBoot = {
    loader: loaderType(v),
    configFile: v.configFile,
    defaultFrom: defaultFrom(v),
    entries: v.entries.filter((e) => e.linux).map(noteEntry),
    bootIsSeparate: v.bootPrefix?.prefix === '/boot',
    findings: v.checks.map((c) => ({ level: c.level, status: c.status, title: c.title, text: c.finding })),
    verdict: v.safe ? 'safe' : 'unsafe',
  };
  const envFile = v.envFile ?? v.savedDefaultFile;
  if (envFile) boot.envFile = envFile;
  if (v.nextBoot) boot.defaultEntry = noteEntry(v.nextBoot);
  if (v.fallback) boot.runningEntry = noteEntry(v.fallback);
  if (v.newEntry) boot.newEntry = noteEntry(v.newEntry);
  const d = v.default;
  if (typeof d?.note === 'string') boot.defaultNote = d.note;
  if (typeof d?.line === 'number') {
    boot.defaultLine = d.line;
    // A verdict stored before DefaultChoice named its file: the line is in the configuration file.
    boot.defaultFile = typeof d.file === 'string' ? d.file : v.configFile;
    if (typeof d.setting === 'string') boot.defaultSetting = d.setting;
  }
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

/** Where the default is set, "file:line (setting)", when a line sets it. */
export function defaultSetAt(boot: NoteBoot): string | undefined {
  if (boot.defaultLine === undefined) return undefined;
  const setting = boot.defaultSetting ? ` (${boot.defaultSetting})` : '';
  return `${boot.defaultFile ?? boot.configFile}:${boot.defaultLine}${setting}`;
}
