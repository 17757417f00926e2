/**
 * grubby's own test inputs (fixtures/upstream/grubby, see its
 * PROVENANCE.md): every file parses, and its entries and the entry that boots
 * next are what the boot loader's documented rules give (GRUB 0.97 manual,
 * GRUB 2 manual "default", lilo.conf(5), syslinux.cfg(5)), not what grubby
 * prints where grubby's own parser differs:
 * - grubby counts the text between two GRUB 2 entries as pseudo-entries and
 *   ignores --id; GRUB has neither, so indexes here count menuentries only;
 * - grub2.4 opens `submenu {` without a title: GRUB rejects that command
 *   ("missing arguments"), so the two entries inside never reach the menu.
 * GRUB 2 files are read with grubenv.0 (empty), as grubby's test.sh does when
 * no --env is given: `set default="${saved_entry}"` is then empty and GRUB
 * boots entry 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseGrubEnv } from '../../../src/bootloader/parse-grubenv.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import { parseExtlinux } from '../../../src/bootloader/parse-extlinux.js';
import type { ParsedBoot } from '../../../src/bootloader/model.js';
import { UPSTREAM } from '../../helpers/paths.js';

const G = path.join(UPSTREAM, 'grubby');
const read = (f: string): string => readFileSync(path.join(G, f), 'utf8');
const env = (n: number): Record<string, string> => parseGrubEnv(readFileSync(path.join(G, `grub2-support_files/grubenv.${n}`)), `grubenv.${n}`).vars;

function parse(file: string, grubenv: Record<string, string> = env(0)): ParsedBoot {
  const text = read(file);
  if (file.startsWith('grub2.')) return parseGrub2(text, file, { grubenv });
  if (file.startsWith('grub.')) return parseGrubLegacy(text, file);
  if (file.startsWith('lilo.') || file.startsWith('elilo.')) return parseLilo(text, file);
  return parseExtlinux(text, file);
}

type Row = [index: string, title: string, kernel: string | null];
interface Expected {
  /** undefined: nothing boots unattended. */
  next: string | undefined;
  fallback?: string;
  entries: Row[];
}

const EXPECTED: Record<string, Expected> = {
  'elilo.1': { next: '1', entries: [
    ['0','linux-up','/boot/vmlinuz-2.4.18-4'],
    ['1','linux','/boot/vmlinuz-2.4.18-4smp'],
  ] },
  'elilo.2': { next: '2', entries: [
    ['0','foo','/vmlinuz-2.6.10-1.1076_FC4'],
    ['1','linux-up','/boot/vmlinuz-2.4.18-4'],
    ['2','linux','/vmlinuz-2.6.10-1.1082_FC4'],
  ] },
  'extlinux.1': { next: '0', entries: [
    ['0','Fedora (3.12.0-2.fc21.i686) 20 (Heisenbug)','/vmlinuz-3.12.0-2.fc21.i686'],
  ] },
  'extlinux.2': { next: '0', entries: [
    ['0','Fedora (3.12.0-2.fc21.i686) 20 (Heisenbug)','/vmlinuz-3.12.0-2.fc21.i686'],
    ['1','DOS',null],
  ] },
  // No DEFAULT, ONTIMEOUT or UI: SYSLINUX stops at boot: ("No DEFAULT or UI configuration directive found!", booted in test/boot).
  'extlinux.3': { next: undefined, entries: [
    ['0','Fedora (3.12.0-2.fc21.i686+PAE) 20 (Heisenbug)','/vmlinuz-3.12.0-2.fc21.i686+PAE'],
    ['1','Fedora (3.12.0-2.fc21.i686) 20 (Heisenbug)','/vmlinuz-3.12.0-2.fc21.i686'],
    ['2','DOS',null],
  ] },
  'extlinux.4': { next: '2', entries: [
    ['0','Fedora (3.11.7-300.fc20.i686) 20 (Heisenbug)','/boot/vmlinuz-3.11.7-300.fc20.i686'],
    ['1','Fedora (3.11.7-301.fc20.i686) 20 (Heisenbug)','/boot/vmlinuz-3.11.7-301.fc20.i686'],
    ['2','Fedora (3.13.0-0.rc0.git5.1.fc21.i686) 20 (Heisenbug)','/boot/vmlinuz-3.13.0-0.rc0.git5.1.fc21.i686'],
    ['3','Fedora (3.12.0-2.fc21.i686) 20 (Heisenbug)','/vmlinuz-3.12.0-2.fc21.i686'],
    ['4','DOS',null],
  ] },
  'extlinux.5': { next: '1', entries: [
    ['0','Fedora (3.15.0-0.rc1.git0.1.fc21.armv7hl) 21 (Rawhide)','/vmlinuz-3.15.0-0.rc1.git0.1.fc21.armv7hl'],
    ['1','Fedora (3.12.0-0.fc21.armv7hl) 21 (Rawhide)','/vmlinuz-3.12.0-0.fc21.armv7hl'],
  ] },
  'extlinux.6': { next: '1', entries: [
    ['0','Fedora (3.15.0-0.rc1.git0.1.fc21.armv7hl) 21 (Rawhide)','/vmlinuz-3.15.0-0.rc1.git0.1.fc21.armv7hl'],
    ['1','Fedora (3.12.0-0.fc21.armv7hl) 21 (Rawhide)','/vmlinuz-3.12.0-0.fc21.armv7hl'],
  ] },
  'grub.1': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2)','/vmlinuz-2.4.7-2'],
  ] },
  'grub.2': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2)','/vmlinuz-2.4.7-2'],
    ['1','DOS',null],
  ] },
  'grub.3': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2smp)','/vmlinuz-2.4.7-2smp'],
    ['1','Red Hat Linux-up (2.4.7-2)','/vmlinuz-2.4.7-2'],
    ['2','DOS',null],
  ] },
  'grub.4': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2.9)','/boot/vmlinuz-2.4.7-2.9'],
    ['1','Red Hat Linux (2.4.7-2.5)','/boot/vmlinuz-2.4.7-2.5'],
    ['2','Red Hat Linux (2.4.7-ac3)','/boot/vmlinuz-2.4.7-ac3'],
    ['3','dos',null],
  ] },
  'grub.5': { next: '0', fallback: '1', entries: [
    ['0','Red Hat Linux (2.4.7-2.5)','/boot/vmlinuz-2.4.7-2.5'],
    ['1','Red Hat Linux (2.4.7-ac3)','/boot/vmlinuz-2.4.7-ac3'],
    ['2','dos',null],
  ] },
  'grub.6': { next: '2', entries: [
    ['0','Red Hat Linux (2.4.7-2.9)','/boot/vmlinuz-2.4.7-2.9'],
    ['1','Red Hat Linux (2.4.7-2.5)','/boot/vmlinuz-2.4.7-2.5'],
    ['2','Red Hat Linux (2.4.7-ac3)','/boot/vmlinuz-2.4.7-ac3'],
    ['3','dos',null],
  ] },
  'grub.7': { next: '2', entries: [
    ['0','Red Hat Linux (2.4.7-2.9)','/boot/vmlinuz-2.4.7-2.5'],
    ['1','Red Hat Linux (2.4.7-2.5)','/boot/vmlinuz-2.4.7-2.5'],
    ['2','Red Hat Linux (2.4.7-ac3)','/boot/vmlinuz-2.4.7-ac3'],
    ['3','Red Hat Linux (2.4.7-2)','/vmlinuz-2.4.7-2'],
    ['4','dos',null],
  ] },
  'grub.8': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2)','/vmlinuz-2.4.7-2'],
  ] },
  'grub.9': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2smp)','/vmlinuz-2.4.7-2smp'],
    ['1','Red Hat Linux-up (2.4.7-2)','/vmlinuz-2.4.7-2'],
  ] },
  'grub.10': { next: '0', entries: [
    ['0','xen','/vmlinuz-2.6.10-1.1082_FC4'],
    ['1','Fedora Core (2.6.10-1.1076_FC4)','/vmlinuz-2.6.10-1.1076_FC4'],
  ] },
  'grub.11': { next: '0', entries: [
    ['0','Red Hat Linux (2.4.7-2smp)','/vmlinuz-2.4.7-2smp'],
    ['1','Red Hat Linux-up (2.4.7-2)','/vmlinuz-2.4.7-2'],
  ] },
  'grub.12': { next: '0', entries: [
    ['0','Desktop -- openSUSE 12.1 - 3.1.9-1.4','/boot/vmlinuz-3.1.9-1.4-desktop'],
    ['1','Failsafe -- openSUSE 12.1 - 3.1.9-1.4 (desktop)','/boot/vmlinuz-3.1.9-1.4-desktop'],
    ['2','openSUSE 12.1 - 3.1.9-1.4','/boot/vmlinuz-3.1.9-1.4-default'],
    ['3','Failsafe -- openSUSE 12.1 - 3.1.9-1.4 (default)','/boot/vmlinuz-3.1.9-1.4-default'],
  ] },
  'grub.13': { next: '0', entries: [
    ['0','Red Hat Enterprise Linux Server (2.6.18-308.1.1.el5)','/vmlinuz-2.6.18-308.1.1.el5'],
    ['1','Red Hat Enterprise Linux Server (2.6.18-238.el5)','/vmlinuz-2.6.18-238.el5'],
  ] },
  'grub.14': { next: '0', entries: [
    ['0','Fedora (4.0.0-0.rc4.git1.4.fc23.x86_64) 23 (Rawhide)','/vmlinuz-4.0.0-0.rc4.git1.4.fc23.x86_64'],
    ['1','Fedora (4.0.0-0.rc4.git0.1.fc23.x86_64) 23 (Rawhide)','/vmlinuz-4.0.0-0.rc4.git0.1.fc23.x86_64'],
    ['2','Fedora (4.0.0-0.rc1.git1.2.fc23.x86_64) 23 (Rawhide)','/vmlinuz-4.0.0-0.rc1.git1.2.fc23.x86_64'],
    ['3','Fedora (4.0.0-0.rc1.git0.1.fc23.x86_64) 23 (Rawhide)','/vmlinuz-4.0.0-0.rc1.git0.1.fc23.x86_64'],
    ['4','Fedora (3.20.0-0.rc0.git9.2.fc23.x86_64) 23 (Rawhide)','/vmlinuz-3.20.0-0.rc0.git9.2.fc23.x86_64'],
    ['5','Fedora (3.20.0-0.rc0.git6.2.fc23.x86_64) 23 (Rawhide)','/vmlinuz-3.20.0-0.rc0.git6.2.fc23.x86_64'],
    ['6','Fedora (3.19.0-1.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-1.fc22.x86_64'],
    ['7','Fedora (3.19.0-0.rc7.git1.2.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc7.git1.2.fc22.x86_64'],
    ['8','Fedora (3.19.0-0.rc7.git0.1.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc7.git0.1.fc22.x86_64'],
    ['9','Fedora (3.19.0-0.rc6.git0.1.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc6.git0.1.fc22.x86_64'],
    ['10','Fedora (3.19.0-0.rc5.git0.1.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc5.git0.1.fc22.x86_64'],
    ['11','Fedora (3.19.0-0.rc4.git2.2.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc4.git2.2.fc22.x86_64'],
    ['12','Fedora (3.19.0-0.rc4.git0.1.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc4.git0.1.fc22.x86_64'],
    ['13','Fedora (3.19.0-0.rc3.git0.1.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.19.0-0.rc3.git0.1.fc22.x86_64'],
    ['14','Fedora (3.18.1-2.fc22.x86_64) 22 (Rawhide)','/vmlinuz-3.18.1-2.fc22.x86_64'],
    ['15','Fedora (3.17.1-302.fc21.x86_64) 22 (Rawhide)','/vmlinuz-3.17.1-302.fc21.x86_64'],
    ['16','Fedora 20 Rescue 4b741960432e833443a6bc004563501d (3.10.0-0.rc4.git0.1.fc20.x86_64)','/vmlinuz-0-rescue-4b741960432e833443a6bc004563501d'],
    ['17','Fedora 20 Rescue 4b741960432e833443a6bc004563501d (3.9.0-0.rc4.git0.1.fc20.x86_64)','/vmlinuz-0-rescue-4b741960432e833443a6bc004563501d'],
    ['18','Memtest86+ (4.20)',null],
    ['19','Fedora (2.6.29.5-191.fc11.x86_64)','/vmlinuz-2.6.29.5-191.fc11.x86_64'],
    ['20','install','/f10vz'],
    ['21','gittest','/gittest'],
  ] },
  'grub.15': { next: '1', entries: [
    ['0','Red Hat Linux (2.4.7-2)','/vmlinuz-2.4.7-2'],
    ['1','zonk','/boot/new-kernel.img'],
  ] },
  'grub2.1': { next: '0', entries: [
    ['0','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['1','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.2': { next: '0', entries: [
    ['0','title','/new-kernel.img'],
    ['1','Linux, with Linux 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['2','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.3': { next: '0', entries: [
    ['0','title','/new-kernel.img'],
    ['1','title2','/new-kernel.img'],
    ['2','Linux, with Linux 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['3','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.4': { next: '0', entries: [
    ['0','title','/new-kernel.img'],
    ['1','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.5': { next: '0', entries: [
    ['0','Fedora Linux','/vmlinuz-3.3.0-0.rc4.git1.4.fc17.x86_64'],
    ['1>0','Fedora Linux, with Linux 3.3.0-0.rc4.git1.4.fc17.x86_64','/vmlinuz-3.3.0-0.rc4.git1.4.fc17.x86_64'],
    ['1>1','Fedora Linux, with Linux 3.2.9-1.fc16.x86_64','/vmlinuz-3.2.9-1.fc16.x86_64'],
    ['1>2','Fedora Linux, with Linux 3.2.7-1.fc16.x86_64','/vmlinuz-3.2.7-1.fc16.x86_64'],
  ] },
  'grub2.6': { next: '0', entries: [
    ['0','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['1','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.7': { next: '0', entries: [
    ['0','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['1','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.8': { next: '0', entries: [
    ['0','title','/new-kernel.img'],
    ['1','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['2','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.9': { next: '0', entries: [
    ['0','Fedora (3.10.3-300.fc19.x86_64) 19 (Schrödinger’s Cat)','/new-kernel.img'],
    ['1','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['2','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.10': { next: '0', entries: [
    ['0','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['1','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.11': { next: '0', entries: [
    ['0','title','/new-kernel.img'],
    ['1','Linux, with Linux 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
    ['2','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.12': { next: '0', entries: [
    ['0','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.13': { next: '0', entries: [
    ['0','Linux, with Linux 2.6.38.2-9.fc15.x86_64','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
  ] },
  'grub2.14': { next: '0', entries: [
    ['0','Fedora, with Linux 3.15.0-0.rc5.git2.10.fc21.x86_64','/vmlinuz-3.15.0-0.rc5.git2.10.fc21.x86_64'],
  ] },
  'grub2.15': { next: '0', entries: [
    ['0','Fedora, with Linux 3.15.0-0.rc5.git2.10.fc21.x86_64','/vmlinuz-3.15.0-0.rc5.git2.10.fc21.x86_64'],
  ] },
  'grub2.16': { next: '0', entries: [
    ['0','Red Hat Enterprise Linux Server (3.10.0-297.el7.x86_64) 7.2 (Maipo)','/vmlinuz-3.10.0-297.el7.x86_64'],
    ['1','Red Hat Enterprise Linux Server (3.10.0-296.el7.x86_64) 7.2 (Maipo)','/vmlinuz-3.10.0-296.el7.x86_64'],
    ['2','Red Hat Enterprise Linux Server (0-rescue-cc21b92886f9ebbd3ed5a494639b7fd7) 7.2 (Maipo)','/vmlinuz-0-rescue-cc21b92886f9ebbd3ed5a494639b7fd7'],
  ] },
  'grub2.17': { next: '0', entries: [
    ['0','Red Hat Enterprise Linux Server (3.10.0-297.el7.x86_64) 7.2 (Maipo)','/vmlinuz-3.10.0-297.el7.x86_64'],
    ['1','Red Hat Enterprise Linux Server (3.10.0-296.el7.x86_64) 7.2 (Maipo)','/vmlinuz-3.10.0-296.el7.x86_64'],
    ['2','Red Hat Enterprise Linux Server (0-rescue-cc21b92886f9ebbd3ed5a494639b7fd7) 7.2 (Maipo)','/vmlinuz-0-rescue-cc21b92886f9ebbd3ed5a494639b7fd7'],
  ] },
  'grub2.18': { next: '0', entries: [
    ['0','Red Hat Enterprise Linux Server (3.10.0-327.22.2.el7.x86_64.debug) 7.2 (Maipo)','/vmlinuz-3.10.0-327.22.2.el7.x86_64.debug'],
    ['1','Red Hat Enterprise Linux Server (3.10.0-327.el7.x86_64) 7.2 (Maipo)','/vmlinuz-3.10.0-327.el7.x86_64'],
    ['2','Red Hat Enterprise Linux Server (0-rescue-925cd320373b6a4a9a66a26371afccd2) 7.2 (Maipo)','/vmlinuz-0-rescue-925cd320373b6a4a9a66a26371afccd2'],
  ] },
  'grub2.19': { next: '0', entries: [
    ['0','First Title To Remove','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
    ['1','Second Title To Remove','/vmlinuz-2.6.38.2-9.fc15.x86_64'],
    ['2','Linux, with Fedora 2.6.38.8-32.fc15.x86_64','/vmlinuz-2.6.38.8-32.fc15.x86_64'],
  ] },
  'grub2.20': { next: '0', entries: [
    ['0','Fedora, with Linux 3.15.0-0.rc7.git2.1.fc21.x86_64','/boot6/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['1','Fedora, with Linux 0-rescue-81378818f7a24478b496ebef90e1dd69','/boot6/vmlinuz-0-rescue-81378818f7a24478b496ebef90e1dd69'],
  ] },
  'grub2.21': { next: '0', entries: [
    ['0','title','/boot6/new-kernel.img'],
    ['1','Fedora, with Linux 3.15.0-0.rc7.git2.1.fc21.x86_64','/boot6/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['2','Fedora, with Linux 0-rescue-81378818f7a24478b496ebef90e1dd69','/boot6/vmlinuz-0-rescue-81378818f7a24478b496ebef90e1dd69'],
  ] },
  'grub2.22': { next: '0', entries: [
    ['0','Fedora, with Linux 3.15.0-0.rc7.git2.1.fc21.x86_64','/root4/boot/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['1','Fedora, with Linux 0-rescue-20e7024f4e9c4b70b1042b91acd434c6','/root4/boot/vmlinuz-0-rescue-20e7024f4e9c4b70b1042b91acd434c6'],
  ] },
  'grub2.23': { next: '0', entries: [
    ['0','title','/root4/boot/new-kernel.img'],
    ['1','Fedora, with Linux 3.15.0-0.rc7.git2.1.fc21.x86_64','/root4/boot/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['2','Fedora, with Linux 0-rescue-20e7024f4e9c4b70b1042b91acd434c6','/root4/boot/vmlinuz-0-rescue-20e7024f4e9c4b70b1042b91acd434c6'],
  ] },
  'grub2.24': { next: '0', entries: [
    ['0','Fedora, with Linux 3.15.0-0.rc7.git2.1.fc21.x86_64','/boot6/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['1','Fedora, with Linux 0-rescue-81378818f7a24478b496ebef90e1dd69','/boot6/vmlinuz-0-rescue-81378818f7a24478b496ebef90e1dd69'],
  ] },
  'grub2.25': { next: '0', entries: [
    ['0','Fedora, with Linux 3.15.0-0.rc7.git2.1.fc21.x86_64','/root4/boot/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['1','Fedora, with Linux 0-rescue-20e7024f4e9c4b70b1042b91acd434c6','/root4/boot/vmlinuz-0-rescue-20e7024f4e9c4b70b1042b91acd434c6'],
  ] },
  'lilo.1': { next: '1', entries: [
    ['0','linux-up','/boot/vmlinuz-2.4.18-4'],
    ['1','linux','/boot/vmlinuz-2.4.18-4smp'],
  ] },
  'lilo.2': { next: '0', entries: [
    ['0','linux','/boot/vmlinuz-2.4.9-31smp'],
    ['1','linux-up','/boot/vmlinuz-2.4.9-21'],
    ['2','linux-up-old','/boot/vmlinuz-2.4.7-10'],
  ] },
  'lilo.3': { next: '2', entries: [
    ['0','linux-up','/boot/vmlinuz-2.4.18-4'],
    ['1','single','/boot/vmlinuz-2.4.18-4'],
    ['2','linux','/boot/vmlinuz-2.4.18-4smp'],
    ['3','linux','/boot/vmlinuz-2.4.18-4smp'],
  ] },
  'lilo.4': { next: '0', entries: [
    ['0','linux','/boot/vmlinuz-2.4.18-4'],
    ['1','DOS',null],
  ] },
  'lilo.5': { next: '1', entries: [
    ['0','linux','/boot/vmlinuz-2.4.18-4'],
    ['1','DOS',null],
  ] },
  'lilo.6': { next: '0', entries: [
    ['0','linux','/boot/vmlinuz-2.4.18-4'],
    ['1','DOS',null],
  ] },
  'lilo.7': { next: '2', entries: [
    ['0','linux-longtitl1','/boot/vmlinuz-2.4.18-4'],
    ['1','linux-longtitle','/boot/vmlinuz-2.4.18-4'],
    ['2','linux','/boot/vmlinuz-2.4.18-4smp'],
  ] },
};

describe('grubby test inputs', () => {
  it('the table covers every input file', () => {
    const files = readdirSync(G).filter((f) => /^(grub|grub2|lilo|elilo|extlinux)\.\d+$/.test(f));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s: entries and the entry that boots next', (file, want) => {
    const p = parse(file);
    expect(p.entries.map((e): Row => [e.index, e.title, e.linux ? e.kernel ?? null : null])).toEqual(want.entries);
    const next = p.default.entry === undefined ? undefined : p.entries[p.default.entry]?.index;
    expect(next).toBe(want.next);
    if (want.fallback !== undefined) expect(String(p.fallback?.entry)).toBe(want.fallback);
  });

  it('grub2.1 with grubenv.1: set default="0" is literal, saved_entry does not matter', () => {
    expect(parse('grub2.1', env(1)).default).toMatchObject({ entry: 0, from: 'config', matchedBy: 'index' });
  });

  it('grub2.7/8 with grubenv.1: saved_entry names entry 0, resp. 1, by title', () => {
    expect(parse('grub2.7', env(1)).default).toMatchObject({ entry: 0, from: 'saved_entry', matchedBy: 'title', matched: true });
    expect(parse('grub2.8', env(1)).default).toMatchObject({ entry: 1, from: 'saved_entry', matchedBy: 'title', matched: true });
  });

  it('grub2.8 with grubenv.2: saved_entry=title matches the entry titled "title"', () => {
    expect(parse('grub2.8', env(2)).default).toMatchObject({ entry: 0, matchedBy: 'title', matched: true });
  });

  it('grub2.5: the submenu entries carry their --id through $menuentry_id_option', () => {
    const p = parse('grub2.5', { saved_entry: 'gnulinux-advanced-fe7b6773-70ed-4eac-b323-16ed459c7f86>gnulinux-3.2.9-1.fc16.x86_64-advanced-fe7b6773-70ed-4eac-b323-16ed459c7f86' });
    expect(p.entries[p.default.entry as number]).toMatchObject({ index: '1>1', version: '3.2.9-1.fc16.x86_64' });
    expect(p.default.matchedBy).toBe('id');
  });

  it('grub2.16/17 with grubenv.3: the saved debug title names no entry; GRUB boots entry 0', () => {
    for (const f of ['grub2.16', 'grub2.17']) {
      const p = parse(f, env(3));
      expect(p.default).toMatchObject({ entry: 0, matched: false, from: 'saved_entry' });
    }
  });

  it("grub2.17: 10_linux's rewrite of an old title never fires (it compares \"x$default\" with a title without the x)", () => {
    const title = 'Red Hat Enterprise Linux Server (3.10.0-296.el7.x86_64) 7.2 (Maipo)';
    const p = parse('grub2.17', { saved_entry: title });
    expect(p.default).toMatchObject({ entry: 1, matched: true, matchedBy: 'title', from: 'saved_entry', requested: title });
  });

  it('grub2.16: two entries share one --id (a grub2-mkconfig bug of RHEL 7.2); GRUB picks the first', () => {
    const p = parse('grub2.16', { saved_entry: 'gnulinux-3.10.0-296.el7.x86_64-advanced-ae7b3742-9092-4432-9f7f-8abdbf0dc3db' });
    expect(p.default).toMatchObject({ entry: 0, matchedBy: 'id' });
  });

  it("grub2.17: 00_tuned's `set  tuned_params= \" isolcpus=1,3 \"` sets an empty value (set reads one argument)", () => {
    const p = parse('grub2.17');
    expect(p.entries[0]?.args).toMatch(/console=ttyS0,115200n81 LANG=en_US.UTF-8$/);
    expect(p.entries.some((e) => e.args.includes('isolcpus'))).toBe(false);
  });

  it('grub.10: Xen: Linux is the first module, its initrd the second', () => {
    expect(parse('grub.10').entries[0]).toMatchObject({ kernel: '/vmlinuz-2.6.10-1.1082_FC4', initrds: ['/initrd-2.6.10-1.1082_FC4'], root: '/dev/hda3' });
  });

  it('grub.8/9: a device before the path is the partition, not part of the path', () => {
    expect(parse('grub.9').entries[0]).toMatchObject({ kernel: '/vmlinuz-2.4.7-2smp', initrds: ['/initrd-2.4.7-2smp.img'] });
  });

  it('lilo.3: a duplicate label, which /sbin/lilo refuses, is reported', () => {
    expect(parse('lilo.3').warnings.map((w) => w.message)).toEqual(["label 'linux' is used twice (entries 2 and 3): /sbin/lilo refuses duplicate labels"]);
  });

  it('lilo.7: labels of exactly 15 characters are allowed', () => {
    expect(parse('lilo.7').warnings).toEqual([]);
  });

  it('lilo.5: the default is the DOS entry, not Linux', () => {
    const p = parse('lilo.5');
    expect(p.entries[p.default.entry as number]).toMatchObject({ id: 'DOS', linux: false });
  });

  it('extlinux.3: no DEFAULT and no menu: nothing boots unattended, with a warning', () => {
    expect(parse('extlinux.3').warnings[0]?.message).toMatch(/stops at its boot: prompt/);
  });
});
