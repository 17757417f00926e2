/**
 * Which boot loader a root uses: the configuration files each one reads, in
 * the places distributions put them, all looked up inside the root.
 *
 * GRUB 2 first, with the menu its firmware really reads (detect-grub2.ts:
 * the EFI system partition's grub.cfg under UEFI, following RHEL 9's stub,
 * else the BIOS one); then GRUB legacy, extlinux, LILO; then systemd-boot
 * (loader/loader.conf on the EFI system partition); then BLS entries
 * alone. When several are present (a machine converted from GRUB legacy to
 * GRUB 2 keeps grub.conf), the first is checked and the others are named in
 * a warning. BLS entries with GRUB 2 installed but no grub.cfg are not a
 * menu: GRUB reads them only through grub.cfg's blscfg.
 */
import { readdir } from 'node:fs/promises';
import { resolveInRoot, statRooted } from '../fs/rooted.js';
import { UsageError } from '../errors.js';
import { BIOS_MENUS, findGrub2Menu, type Grub2Menu } from './detect-grub2.js';
import type { BootLoaderType, BootPrefix, Firmware } from './model.js';

export { isGrubStub } from './detect-grub2.js';
import { findSdbootConfig } from './read-sdboot.js';

export const BLS_DIR = '/boot/loader/entries';

const CANDIDATES: { type: BootLoaderType; files: string[] }[] = [
  { type: 'grub', files: ['/boot/grub/grub.conf', '/boot/grub/menu.lst'] },
  { type: 'extlinux', files: ['/boot/extlinux/extlinux.conf', '/boot/extlinux.conf', '/boot/syslinux/extlinux.conf', '/boot/syslinux/syslinux.cfg'] },
  { type: 'lilo', files: ['/etc/lilo.conf'] },
];

export interface Detected {
  type: BootLoaderType;
  file: string;
  /** Other configurations found, not checked. */
  others: string[];
  firmware?: Firmware;
  loadedBy?: string;
  /** The menu the boot loader needs is missing (GRUB 2): a required failure. */
  missing?: Grub2Menu['missing'];
}

export async function isFile(root: string, p: string): Promise<boolean> {
  return (await statRooted(root, p))?.isFile() ?? false;
}

/** /boot/efi/EFI/<vendor>/grub.cfg paths (existing or not), sorted. */
export async function efiGrubConfigs(root: string): Promise<string[]> {
  try {
    const vendors = (await readdir(await resolveInRoot(root, '/boot/efi/EFI'))).sort();
    return vendors.map((v) => `/boot/efi/EFI/${v}/grub.cfg`);
  } catch {
    return [];
  }
}

export async function hasBlsEntries(root: string, dir = BLS_DIR): Promise<boolean> {
  try {
    return (await readdir(await resolveInRoot(root, dir))).some((f) => f.endsWith('.conf') && !f.startsWith('.'));
  } catch {
    return false;
  }
}

async function otherFiles(root: string, judged: string, loadedBy: string | undefined): Promise<string[]> {
  const grub2 = [...BIOS_MENUS, ...(await efiGrubConfigs(root))];
  const all = [...grub2, ...CANDIDATES.flatMap((c) => c.files)];
  const out: string[] = [];
  for (const f of all) if (f !== judged && f !== loadedBy && (await isFile(root, f))) out.push(f);
  return out;
}

export async function detectBootLoader(root: string, boot: BootPrefix): Promise<Detected | undefined> {
  const menu = await findGrub2Menu(root, boot, false);
  if (menu) return fromMenu(root, menu);
  const found = await firstCandidate(root);
  if (found) return { ...found, others: await otherFiles(root, found.file, undefined) };
  const sdboot = await findSdbootConfig(root);
  if (sdboot) return { type: 'systemd-boot', file: sdboot, others: await otherFiles(root, sdboot, undefined) };
  if (!(await hasBlsEntries(root))) return undefined;
  const missing = await findGrub2Menu(root, boot, true);
  return missing ? fromMenu(root, missing) : { type: 'bls', file: BLS_DIR, others: [] };
}

async function fromMenu(root: string, g: Grub2Menu): Promise<Detected> {
  const d: Detected = { type: 'grub2', file: g.file, others: await otherFiles(root, g.file, g.loadedBy), firmware: g.firmware };
  if (g.loadedBy) d.loadedBy = g.loadedBy;
  if (g.missing) d.missing = g.missing;
  return d;
}

async function firstCandidate(root: string): Promise<{ type: BootLoaderType; file: string } | undefined> {
  for (const c of CANDIDATES) for (const f of c.files) if (await isFile(root, f)) return { type: c.type, file: f };
  return undefined;
}

/** --config without --type: the file name, else what the text looks like. */
export function guessType(file: string, text: string | undefined): BootLoaderType {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (base === 'grub.cfg') return 'grub2';
  if (base === 'grub.conf' || base === 'menu.lst') return 'grub';
  if (base === 'lilo.conf' || base === 'elilo.conf') return 'lilo';
  if (base === 'extlinux.conf' || base === 'syslinux.cfg') return 'extlinux';
  if (base === 'loader.conf') return 'systemd-boot';
  if (text === undefined || base === 'entries') return 'bls';
  if (/^\s*(menuentry|submenu|blscfg)\b/m.test(text)) return 'grub2';
  if (/^\s*title\s/m.test(text)) return 'grub';
  if (/^\s*(image|other)\s*=/m.test(text)) return 'lilo';
  if (/^\s*label\s/im.test(text)) return 'extlinux';
  throw new UsageError(`cannot tell which boot loader reads ${file}`, 'give --type grub|grub2|bls|lilo|extlinux|systemd-boot');
}
