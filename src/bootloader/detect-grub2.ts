/**
 * Which grub.cfg GRUB 2 really reads: the firmware decides.
 *
 * - UEFI: the firmware starts grubx64.efi (through shim) from the EFI system
 *   partition, and GRUB reads grub.cfg from the folder it was started from
 *   (its built-in $prefix, /EFI/<vendor>). On RHEL 8 that file is the real
 *   menu (grub2-mkconfig -o /boot/efi/EFI/redhat/grub.cfg), and a
 *   /boot/grub2/grub.cfg beside it is never read. On RHEL 9 it is a stub,
 *   `search --fs-uuid --set=dev UUID; set prefix=($dev)/grub2; configfile
 *   $prefix/grub.cfg`, that hands over to the menu on the /boot file system.
 * - BIOS: boot.img and core.img load /boot/grub2/grub.cfg (or /boot/grub/grub.cfg).
 *
 * UEFI or BIOS: /sys/firmware/efi exists only on a system the UEFI firmware
 * started (kernel Documentation/ABI/testing/sysfs-firmware-efi), which is
 * known only when the root is "/"; for another root, GRUB installed on an
 * EFI system partition (a grub.cfg or a grub/shim binary under
 * /boot/efi/EFI/<vendor>) says UEFI.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readRootedText, resolveInRoot, statRooted } from '../fs/rooted.js';
import { fstabMountOfSpec } from './boot-prefix.js';
import { lookupOnBootFs } from './boot-files.js';
import type { BootPrefix, Firmware } from './model.js';

export const BIOS_MENUS = ['/boot/grub2/grub.cfg', '/boot/grub/grub.cfg'];
const ESP_EFI = '/boot/efi/EFI';
const GRUB_BINARY = /^(grub|shim)[a-z0-9]*\.efi$/i;
/** Files that say GRUB 2 is installed for BIOS: its environment block, its modules. */
const GRUB2_SIGNS = ['/boot/grub2/grubenv', '/boot/grub/grubenv', '/boot/grub2/i386-pc', '/boot/grub/i386-pc'];

interface EspVendor {
  dir: string;
  cfg?: string;
  binary?: string;
}

export interface Grub2Menu {
  /** The menu GRUB reads (it may be missing, see `missing`). */
  file: string;
  firmware: Firmware;
  /** The EFI stub that hands over to `file` with configfile. */
  loadedBy?: string;
  /** GRUB would find no menu: the finding, the short reason, what to do. */
  missing?: { message: string; reason: string; hint: string };
}

async function isFile(root: string, p: string): Promise<boolean> {
  return (await statRooted(root, p).catch(() => undefined))?.isFile() ?? false;
}

async function espVendors(root: string): Promise<EspVendor[]> {
  let names: string[];
  try {
    names = (await readdir(await resolveInRoot(root, ESP_EFI))).sort();
  } catch {
    return [];
  }
  const out: EspVendor[] = [];
  // EFI/BOOT holds the removable-media fallback loader: a vendor folder is where GRUB's $prefix points.
  for (const name of [...names.filter((n) => n.toUpperCase() !== 'BOOT'), ...names.filter((n) => n.toUpperCase() === 'BOOT')]) {
    const dir = `${ESP_EFI}/${name}`;
    const files = await readdir(await resolveInRoot(root, dir)).catch(() => [] as string[]);
    const v: EspVendor = { dir };
    if (files.includes('grub.cfg') && (await isFile(root, `${dir}/grub.cfg`))) v.cfg = `${dir}/grub.cfg`;
    const bin = files.find((f) => GRUB_BINARY.test(f));
    if (bin) v.binary = `${dir}/${bin}`;
    if (v.cfg || v.binary) out.push(v);
  }
  return out;
}

export async function decideFirmware(root: string): Promise<{ firmware: Firmware; esp: EspVendor[] }> {
  const esp = await espVendors(root);
  if (root === '/') {
    const efi = (await statRooted('/', '/sys/firmware/efi').catch(() => undefined)) !== undefined;
    return { firmware: efi ? { kind: 'uefi', why: '/sys/firmware/efi exists: the UEFI firmware started this system' } : { kind: 'bios', why: '/sys/firmware/efi is missing: BIOS (legacy) boot' }, esp };
  }
  const first = esp[0];
  if (first) return { firmware: { kind: 'uefi', why: `GRUB is installed on the EFI system partition (${first.cfg ?? first.binary})` }, esp };
  return { firmware: { kind: 'bios', why: `no GRUB on an EFI system partition (${ESP_EFI}/*/grub.cfg, grub*.efi or shim*.efi): BIOS boot` }, esp };
}

/** RHEL 9's EFI grub.cfg: `configfile $prefix/grub.cfg` and no menu of its own. */
export function isGrubStub(text: string): boolean {
  return /^\s*configfile\s/m.test(text) && !/^\s*(menuentry|submenu|blscfg|bls_import)\b/m.test(text);
}

const unquote = (s: string): string => s.replace(/^["']|["']$/g, '');

/**
 * Where a stub's `configfile` leads, as a path inside the root: `$prefix`
 * expanded from its `set prefix=`, the device `($dev)` mapped to the file
 * system `search --fs-uuid` found (its fstab line), else to the /boot file
 * system; a path with no device is on the partition GRUB started from.
 */
export function stubTarget(text: string, fstab: string | undefined, boot: BootPrefix): string | undefined {
  const vars = new Map<string, string>();
  let target: string | undefined;
  let uuid: string | undefined;
  for (const raw of text.split('\n')) {
    const words = raw.trim().split(/\s+/).filter(Boolean).map(unquote);
    const cmd = words[0];
    if (cmd === 'search' && words.includes('--fs-uuid')) uuid = words[words.length - 1];
    else if (cmd === 'set' && words[1]?.includes('=')) {
      const [k, ...v] = (words[1] as string).split('=');
      vars.set(k as string, v.join('='));
    } else if (cmd === 'configfile' && words[1] !== undefined) {
      target = words[1].replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, n: string) => vars.get(n) ?? '');
    }
  }
  if (target === undefined) return undefined;
  const dev = /^\(([^)]*)\)(.*)$/.exec(target);
  if (!dev) return path.posix.join('/boot/efi', target);
  const onDevice = dev[2] || '/';
  const mount = (uuid && fstab !== undefined ? fstabMountOfSpec(fstab, `UUID=${uuid}`) : undefined) ?? boot.prefix;
  return path.posix.join(mount, onDevice);
}

async function uefiMenu(root: string, firmware: Firmware, esp: EspVendor[], boot: BootPrefix): Promise<Grub2Menu | undefined> {
  const withCfg = esp.find((v) => v.cfg);
  if (!withCfg) {
    const bin = esp[0];
    if (!bin) return undefined; // UEFI, but GRUB is not on /boot/efi: another boot loader (or the ESP elsewhere)
    const file = `${bin.dir}/grub.cfg`;
    return { file, firmware, missing: {
      message: `is missing, but ${bin.binary} is installed: GRUB on the EFI system partition reads grub.cfg from the folder it was started from ($prefix) and stops at its prompt without one`,
      reason: `${file} missing: UEFI GRUB stops at its prompt`,
      hint: `write it (RHEL 9: the stub that loads /boot/grub2/grub.cfg; RHEL 8: grub2-mkconfig -o ${file})`,
    } };
  }
  const cfg = withCfg.cfg as string;
  const text = (await readRootedText(root, cfg)) ?? '';
  if (!isGrubStub(text)) return { file: cfg, firmware };
  const target = stubTarget(text, await readRootedText(root, '/etc/fstab'), boot);
  if (target === undefined) return { file: cfg, firmware };
  if (await isFile(root, target)) return unreadableByGrub(root, { file: target, firmware, loadedBy: cfg }, boot);
  return { file: target, firmware, loadedBy: cfg, missing: {
    message: `is missing, but ${cfg} hands over to it (configfile): GRUB finds no menu and stops at its prompt`,
    reason: `${target} (loaded by ${cfg}) missing: GRUB stops at its prompt`,
    hint: `run grub2-mkconfig -o ${target}`,
  } };
}

/** A menu that is a symbolic link GRUB cannot follow (it leaves the file system, or is absolute on /boot) is no menu to GRUB. */
async function unreadableByGrub(root: string, m: Grub2Menu, boot: BootPrefix): Promise<Grub2Menu> {
  const f = await lookupOnBootFs(root, m.file, boot);
  if (f.exists || !f.why) return m;
  return { ...m, missing: {
    message: `cannot be read by GRUB: ${f.why}; GRUB finds no menu and stops at its prompt`,
    reason: `${m.file} is a link GRUB cannot follow: GRUB stops at its prompt`,
    hint: `replace the link by the file (or a link inside the same file system), e.g. grub2-mkconfig -o ${m.file}`,
  } };
}

/** The GRUB 2 menu of a root, or undefined when GRUB 2 is not what boots it. */
export async function findGrub2Menu(root: string, boot: BootPrefix, blsEntries: boolean): Promise<Grub2Menu | undefined> {
  const { firmware, esp } = await decideFirmware(root);
  if (firmware.kind === 'uefi') {
    const m = await uefiMenu(root, firmware, esp, boot);
    if (m) return m;
  }
  for (const f of BIOS_MENUS) if (await isFile(root, f)) return unreadableByGrub(root, { file: f, firmware }, boot);
  if (!blsEntries) return undefined;
  // BLS entries are not a menu on their own: on Fedora/RHEL only grub.cfg's blscfg reads them.
  for (const sign of GRUB2_SIGNS) {
    if (!(await statRooted(root, sign).catch(() => undefined))) continue;
    const file = sign.startsWith('/boot/grub2') ? '/boot/grub2/grub.cfg' : '/boot/grub/grub.cfg';
    return { file, firmware, missing: {
      message: `is missing, but GRUB 2 is installed (${sign}) and BLS entries are in /boot/loader/entries: GRUB reads BLS entries only when grub.cfg runs blscfg, so it finds no menu and stops at its prompt`,
      reason: `${file} missing: GRUB stops at its prompt`,
      hint: `run grub2-mkconfig -o ${file}`,
    } };
  }
  return undefined;
}
