/**
 * The GRUB parts of the note: picking the known-good entry at the menu and
 * making it the default again from rescue mode. Pure.
 * Sources: the GRUB manual (Simple configuration: GRUB_DEFAULT=saved,
 * GRUB_TIMEOUT_STYLE; Menu entry editor: 'e', Ctrl-x), grub2-set-default(8)
 * (writes saved_entry to grubenv, which RHEL and Fedora configs read with
 * set default="${saved_entry}"), GRUB legacy's manual (default, hiddenmenu,
 * grub-set-default writes /boot/grub/default).
 */
import type { NoteBoot, NoteBootEntry } from './model.js';
import { shellQuote } from './text.js';

export interface Step {
  text: string;
  commands?: string[];
}

/** grub2-* on RHEL and Fedora (/boot/grub2), grub-* on Debian and for GRUB legacy (/boot/grub). */
export function grubTool(boot: NoteBoot, tool: 'set-default' | 'editenv' | 'mkconfig'): string {
  return `${boot.configFile.includes('/grub2/') ? 'grub2' : 'grub'}-${tool}`;
}

export function describeEntry(e: NoteBootEntry): string {
  const where = e.index.includes('>') ? `submenu ${e.index.split('>')[0]}, entry ${e.index.split('>')[1]}` : `entry ${e.index}`;
  return `"${e.title}" (${where}, counting from 0)`;
}

export function grub2AtBoot(boot: NoteBoot, target: NoteBootEntry): Step[] {
  return [
    { text: 'If no menu shows, press Esc (or hold Shift) as GRUB starts: a menu hidden by GRUB_TIMEOUT_STYLE=hidden or menu_auto_hide then appears.' },
    { text: `Select ${describeEntry(target)} with the arrow keys and press Enter.` },
    { text: "To change its kernel command line first (add 'single', remove 'quiet'), press 'e', edit the line starting 'linux', then press Ctrl-x or F10 to boot. The change lasts for this boot only." },
    { text: "To read the short copy of this note, press 'c' at the menu for the GRUB prompt and type these ('ls' lists the partitions when (hd0,1) is not the one holding /boot):", commands: ['set pager=1', `cat ${grubDevice(boot)}${shortCopyInPartition(boot)}`] },
  ];
}

export function grubLegacyAtBoot(boot: NoteBoot, target: NoteBootEntry): Step[] {
  return [
    { text: "If no menu shows, press any key while GRUB counts down ('hiddenmenu' hides it)." },
    { text: `Select ${describeEntry(target)} with the arrow keys and press Enter.` },
    { text: "To change its kernel line first, press 'e', select the 'kernel' line, press 'e' again, edit, press Enter, then 'b' to boot." },
    { text: "To read the short copy of this note, press 'c' at the menu for the GRUB prompt and type this (GRUB legacy counts partitions from 0; 'find /grub/grub.conf' names the one holding /boot):", commands: [`cat ${grubDevice(boot)}${shortCopyInPartition(boot)}`] },
  ];
}

export function grub2SetDefault(boot: NoteBoot, target: NoteBootEntry): Step[] {
  if (boot.defaultFrom === 'saved') {
    return [
      { text: `Make ${describeEntry(target)} the default (writes saved_entry to ${boot.envFile ?? 'grubenv'}):`, commands: [`${grubTool(boot, 'set-default')} ${savedRef(target)}`] },
      { text: 'Clear a one-time choice left by grub2-reboot, then check that saved_entry is right:', commands: [`${grubTool(boot, 'editenv')} - unset next_entry`, `${grubTool(boot, 'editenv')} list`] },
    ];
  }
  const line = `set default="${target.index}"`;
  return [
    boot.defaultFrom === 'config'
      ? { text: `Edit ${editAt(boot, 'the set default= line')}, to read:`, commands: [line] }
      : { text: `Nothing in ${boot.configFile} sets a default, so GRUB boots entry 0. Add this line at its top:`, commands: [line] },
    { text: `Also set GRUB_DEFAULT="${target.index}" in /etc/default/grub: ${grubTool(boot, 'mkconfig')} rewrites ${boot.configFile} from it.` },
  ];
}

/**
 * What grub2-set-default is given: the entry id when there is one (BLS, or a
 * menuentry --id), else the title, which survives new entries being added
 * above it; the index when the title would not fit on an 80-column line
 * (nothing is installed in rescue mode, so the index stays right).
 */
function savedRef(target: NoteBootEntry): string {
  if (target.id) return shellQuote(target.id);
  if (target.index.includes('>') || target.title.length > 50) return shellQuote(target.index);
  return shellQuote(target.title);
}

export function grubLegacySetDefault(boot: NoteBoot, target: NoteBootEntry): Step[] {
  if (boot.defaultFrom === 'saved') {
    return [{ text: `Make ${describeEntry(target)} the default ('default saved' reads /boot/grub/default):`, commands: [`grub-set-default ${target.index}`] }];
  }
  if (boot.defaultFrom === 'config') {
    return [{ text: `Edit ${editAt(boot, 'the default= line')}, to read:`, commands: [`default=${target.index}`] }];
  }
  return [{ text: `Nothing in ${boot.configFile} sets a default, so GRUB boots entry 0. Add this line above the first 'title' line:`, commands: [`default=${target.index}`] }];
}

/**
 * "FILE, line N": the line the boot loader's parser found setting the
 * default (NoteBoot.defaultLine); for a note from an old record without it,
 * the line named in words.
 */
export function editAt(boot: NoteBoot, words: string): string {
  return `${boot.defaultFile ?? boot.configFile}, line ${boot.defaultLine ?? `(${words})`}`;
}

/** Where the short copy is inside the partition that holds /boot. */
export function shortCopyInPartition(boot: Pick<NoteBoot, 'bootIsSeparate'>): string {
  return boot.bootIsSeparate ? '/saferpm-recovery.txt' : '/boot/saferpm-recovery.txt';
}

/** The usual first partition in each GRUB's naming; 'ls' at the prompt shows the real one. */
function grubDevice(boot: NoteBoot): string {
  return boot.loader === 'grub-legacy' ? '(hd0,0)' : '(hd0,1)';
}
