/**
 * buildDisk: a bootable disk image from a root's /boot, for one of the boot
 * loaders the lab can run, and readFileFromDisk to see what the boot loader
 * wrote (GRUB's save_env into grubenv).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { execa } from 'execa';
import { buildExtlinuxBios } from './extlinux-bios.js';
import { buildGrub2Bios } from './grub2-bios.js';
import { PART_OFFSET } from './image.js';
import { buildSdbootUefi } from './sdboot-uefi.js';

export type LoaderKind = 'grub2-bios' | 'sdboot-uefi' | 'extlinux-bios';

export interface LabDisk {
  loader: LoaderKind;
  image: string;
  /** The folder holding the image, the serial logs and OVMF's variables: the caller removes it. */
  dir: string;
  /** The one partition's file system. */
  fs: 'ext4' | 'fat';
  /** GRUB: the grub folder inside the partition ("grub2" or "grub"). */
  grubDir?: string;
}

export interface BuildDiskOptions {
  /** A system root: its boot/ (and for systemd-boot its ESP: boot/efi, efi or boot) goes onto the disk. */
  root: string;
  loader: LoaderKind;
  /** Where to build; default a new folder under the system's temporary folder. */
  workDir?: string;
}

export async function buildDisk(o: BuildDiskOptions): Promise<LabDisk> {
  const dir = o.workDir ?? mkdtempSync(`${os.tmpdir()}/bootlab-`);
  switch (o.loader) {
    case 'grub2-bios': {
      const d = await buildGrub2Bios(o.root, dir);
      return { loader: o.loader, image: d.image, dir, fs: 'ext4', grubDir: d.grubDir };
    }
    case 'sdboot-uefi':
      return { loader: o.loader, image: (await buildSdbootUefi(o.root, dir)).image, dir, fs: 'fat' };
    case 'extlinux-bios':
      return { loader: o.loader, image: (await buildExtlinuxBios(o.root, dir)).image, dir, fs: 'fat' };
  }
}

/** A file of the disk's partition, read without mounting (debugfs for ext4, mcopy for FAT); undefined when absent. */
export async function readFileFromDisk(disk: LabDisk, pathInPartition: string): Promise<Buffer | undefined> {
  const p = pathInPartition.startsWith('/') ? pathInPartition : `/${pathInPartition}`;
  const r = disk.fs === 'ext4'
    ? await execa('debugfs', ['-R', `cat ${p}`, `${disk.image}?offset=${PART_OFFSET}`], { reject: false, encoding: 'buffer', env: { LC_ALL: 'C' } })
    : await execa('mcopy', ['-n', '-i', `${disk.image}@@${PART_OFFSET}`, `::${p}`, '-'], { reject: false, encoding: 'buffer' });
  const out = Buffer.from(r.stdout as Uint8Array);
  if (r.exitCode !== 0 || (disk.fs === 'ext4' && /File not found/.test(Buffer.from(r.stderr as Uint8Array).toString()))) return undefined;
  return out;
}
