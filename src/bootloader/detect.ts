/**
 * Which boot loader a root uses: the configuration files each one reads, in
 * the places distributions put them, all looked up inside the root.
 *
 * When several are present (a machine converted from GRUB legacy to GRUB 2
 * keeps grub.conf), the first kind found in this order is checked and the
 * others are named in a warning: GRUB 2, GRUB legacy, extlinux, LILO, and
 * systemd-boot (loader/loader.conf on the EFI system partition), BLS entries
 * alone. A GRUB 2 file on the EFI system partition that only
 * hands over to another one (`configfile`, RHEL 9's stub) is not the menu.
 */
import { readdir } from 'node:fs/promises';
import { readRootedText, resolveInRoot, statRooted } from '../fs/rooted.js';
import { UsageError } from '../errors.js';
import type { BootLoaderType } from './model.js';
import { findSdbootConfig } from './read-sdboot.js';

export const BLS_DIR = '/boot/loader/entries';

const CANDIDATES: { type: BootLoaderType; files: string[] }[] = [
  { type: 'grub2', files: ['/boot/grub2/grub.cfg', '/boot/grub/grub.cfg'] },
  { type: 'grub', files: ['/boot/grub/grub.conf', '/boot/grub/menu.lst'] },
  { type: 'extlinux', files: ['/boot/extlinux/extlinux.conf', '/boot/extlinux.conf', '/boot/syslinux/extlinux.conf', '/boot/syslinux/syslinux.cfg'] },
  { type: 'lilo', files: ['/etc/lilo.conf'] },
];

export interface Detected {
  type: BootLoaderType;
  file: string;
  /** Other configurations found, not checked. */
  others: string[];
  /** EFI stubs skipped because they only load another file. */
  stubs: string[];
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

/** RHEL 9's EFI grub.cfg: `configfile $prefix/grub.cfg` and no menu of its own. */
export function isGrubStub(text: string): boolean {
  return /^\s*configfile\s/m.test(text) && !/^\s*(menuentry|submenu|blscfg|bls_import)\b/m.test(text);
}

export async function hasBlsEntries(root: string, dir = BLS_DIR): Promise<boolean> {
  try {
    return (await readdir(await resolveInRoot(root, dir))).some((f) => f.endsWith('.conf') && !f.startsWith('.'));
  } catch {
    return false;
  }
}

export async function detectBootLoader(root: string): Promise<Detected | undefined> {
  const found: { type: BootLoaderType; file: string }[] = [];
  const stubs: string[] = [];
  for (const c of CANDIDATES) {
    const files = c.type === 'grub2' ? [...c.files, ...(await efiGrubConfigs(root))] : c.files;
    for (const f of files) {
      if (!(await isFile(root, f))) continue;
      if (c.type === 'grub2' && f.startsWith('/boot/efi/') && isGrubStub((await readRootedText(root, f)) ?? '')) stubs.push(f);
      else found.push({ type: c.type, file: f });
    }
  }
  const sdboot = await findSdbootConfig(root);
  if (sdboot) found.push({ type: 'systemd-boot', file: sdboot });
  if (found.length === 0 && (await hasBlsEntries(root))) found.push({ type: 'bls', file: BLS_DIR });
  const first = found[0];
  if (!first) return undefined;
  return { ...first, others: found.slice(1).filter((f) => f.type !== first.type).map((f) => f.file), stubs };
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
