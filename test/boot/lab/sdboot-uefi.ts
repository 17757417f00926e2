/**
 * systemd-boot (Debian's systemd-boot-efi 252) on UEFI (OVMF): the root's EFI
 * system partition content (the first of /boot/efi, /efi, /boot that holds
 * loader/) copied into a FAT32 file system, with systemd-bootx64.efi at
 * EFI/BOOT/BOOTX64.EFI (the removable-media path the firmware boots when its
 * variable store is empty), as the one partition of a GPT disk.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fatFromFolder, folderKiB, fsSizeKiB, partitionedImage } from './image.js';
import { SDBOOT_EFI } from './paths.js';

const ESP_TYPE = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
const ESP_CANDIDATES = ['boot/efi', 'efi', 'boot'];

export function espOf(root: string): string {
  for (const d of ESP_CANDIDATES) if (existsSync(path.join(root, d, 'loader'))) return path.join(root, d);
  throw new Error(`no loader/ folder in ${ESP_CANDIDATES.map((d) => `${root}/${d}`).join(', ')}`);
}

export async function buildSdbootUefi(root: string, work: string): Promise<{ image: string }> {
  const esp = path.join(work, 'esp');
  mkdirSync(esp, { recursive: true });
  cpSync(espOf(root), esp, { recursive: true, dereference: true });
  mkdirSync(path.join(esp, 'EFI/BOOT'), { recursive: true });
  cpSync(SDBOOT_EFI, path.join(esp, 'EFI/BOOT/BOOTX64.EFI'));
  const image = path.join(work, 'disk.img');
  // FAT32 wants at least 65525 clusters: 40 MiB with 512-byte sectors and 1 sector per cluster is enough for mkfs.fat.
  const sizeKiB = fsSizeKiB(await folderKiB(esp), 40 * 1024);
  await partitionedImage(image, sizeKiB, 'gpt', ESP_TYPE);
  await fatFromFolder(image, sizeKiB, esp, 'ESP');
  rmSync(esp, { recursive: true, force: true });
  return { image };
}
