/**
 * Per boot loader: how to pick the known-good kernel at boot, and how to make
 * it the default again from rescue mode. Pure.
 * Sources: lilo(8) and lilo.conf(5) (lilo.conf is read only when /sbin/lilo
 * runs; -R sets a one-time default; Shift at start-up brings the boot: prompt);
 * the syslinux wiki (extlinux reads its configuration at every boot; default
 * names a label; Tab lists labels); grubby(8) for machines saferpm could not read.
 */
import {
  describeEntry, editAt, grub2AtBoot, grub2SetDefault, grubLegacyAtBoot, grubLegacySetDefault, type Step,
} from './grub.js';
import type { NoteBoot, NoteBootEntry } from './model.js';
import { shellQuote } from './text.js';

export type { Step } from './grub.js';

export interface BootSteps {
  atBoot: Step[];
  setDefault: Step[];
}

/** The known-good entry: the boot check's, else the one whose kernel is the running one. */
export function knownGoodEntry(boot: NoteBoot | undefined, runningKernel?: string): NoteBootEntry | undefined {
  if (boot?.runningEntry) return boot.runningEntry;
  if (!boot || !runningKernel) return undefined;
  return boot.entries.find((e) => e.kernelVersion === runningKernel || e.kernel.endsWith(`/vmlinuz-${runningKernel}`));
}

export function bootSteps(boot: NoteBoot | undefined, runningKernel?: string): BootSteps {
  const target = knownGoodEntry(boot, runningKernel);
  if (!boot || !target || boot.loader === 'unknown') return unknownLoader(runningKernel);
  switch (boot.loader) {
    case 'grub2':
    case 'grub2-bls': return { atBoot: grub2AtBoot(boot, target), setDefault: grub2SetDefault(boot, target) };
    case 'grub-legacy': return { atBoot: grubLegacyAtBoot(boot, target), setDefault: grubLegacySetDefault(boot, target) };
    case 'lilo': return { atBoot: liloAtBoot(target), setDefault: liloSetDefault(boot, target) };
    case 'extlinux': return { atBoot: extlinuxAtBoot(target), setDefault: extlinuxSetDefault(boot, target) };
  }
}

/** One line for the short copy: what to choose at boot. */
export function pickLine(boot: NoteBoot, target: NoteBootEntry): string {
  if (boot.loader === 'lilo' || boot.loader === 'extlinux') return `At the 'boot:' prompt type ${label(target)} and press Enter.`;
  return `At the menu pick ${describeEntry(target)}.`;
}

function label(e: NoteBootEntry): string {
  return e.id ?? e.title;
}

function liloAtBoot(target: NoteBootEntry): Step[] {
  return [
    { text: `At the 'boot:' prompt type ${label(target)} and press Enter (Tab lists the labels). No prompt? Hold Shift as LILO starts. In a graphical menu, select ${label(target)} with the arrow keys.` },
    { text: `To add kernel parameters, type them after the label, e.g. '${label(target)} single'.` },
  ];
}

function liloSetDefault(boot: NoteBoot, target: NoteBootEntry): Step[] {
  const edit = boot.defaultFrom === 'config'
    ? `Edit ${editAt(boot, 'the default= line')}, to read:`
    : `No default= in ${boot.configFile}: LILO boots the first image. Add this line to the global section, above the first image= line:`;
  return [
    { text: edit, commands: [`default=${label(target)}`] },
    { text: `LILO reads ${boot.configFile} only when /sbin/lilo runs: run it inside the chroot, so that it writes the map and boot sector of this machine's disk:`, commands: ['/sbin/lilo -v'] },
    { text: 'Or make it the default for the next boot only:', commands: [`/sbin/lilo -R ${label(target)}`] },
  ];
}

function extlinuxAtBoot(target: NoteBootEntry): Step[] {
  return [
    { text: `At the 'boot:' prompt type ${label(target)} and press Enter (Tab lists the labels). In a menu, select it with the arrow keys; Tab edits its command line.` },
  ];
}

/**
 * The setting that chose the entry is the one to change: ONTIMEOUT wins over
 * a menu's MENU DEFAULT, which wins over DEFAULT (syslinux doc/menu.txt).
 */
function extlinuxSetDefault(boot: NoteBoot, target: NoteBootEntry): Step[] {
  const reinstall = { text: `Nothing to reinstall: extlinux reads ${boot.configFile} at every boot.` };
  if (boot.defaultFrom === 'config' && boot.defaultSetting === 'MENU DEFAULT') {
    return [
      { text: `Move the 'MENU DEFAULT' line (${editAt(boot, 'the MENU DEFAULT line')}) into the entry that starts 'LABEL ${label(target)}'.` },
      reinstall,
    ];
  }
  const keyword = boot.defaultSetting === 'ONTIMEOUT' ? 'ONTIMEOUT' : 'default';
  const edit = boot.defaultFrom === 'config'
    ? `Edit ${editAt(boot, 'the default line')}, to read:`
    : `No default in ${boot.configFile}: the first label boots. Add this line above the first 'label' line:`;
  return [{ text: edit, commands: [`${keyword} ${label(target)}`] }, reinstall];
}

function unknownLoader(runningKernel?: string): BootSteps {
  const kernel = runningKernel ?? '<the known-good version>';
  return {
    atBoot: [
      { text: `saferpm has no boot check for this run, so it cannot name the menu entry. At the boot menu, choose the entry for kernel ${kernel}; to see the entries, run 'saferpm boot check' or 'grubby --info=ALL' now.` },
    ],
    setDefault: [
      { text: 'Make the known-good kernel the default with grubby (RHEL and Fedora; it edits the active boot loader):', commands: [`grubby --set-default ${shellQuote(`/boot/vmlinuz-${kernel}`)}`, 'grubby --default-kernel'] },
    ],
  };
}
