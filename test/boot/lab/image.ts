/**
 * Disk images without mount or loop devices: a partition table written by
 * sfdisk into an image file, an ext4 file system made from a folder with
 * `mke2fs -E offset=... -d`, or a FAT one made with mkfs.fat and filled with
 * mcopy, copied in at its offset with dd.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

/** Partitions start at 1 MiB, as fdisk places them (room for GRUB's core.img before it). */
export const PART_OFFSET = 1024 * 1024;

/** Apparent size of a folder in KiB (du --apparent-size; hard links counted once). */
export async function folderKiB(dir: string): Promise<number> {
  const r = await execa('du', ['-sk', '--apparent-size', dir], { env: { LC_ALL: 'C' } });
  return Number(String(r.stdout).split('\t')[0]);
}

/** A size in KiB with room for file system overhead, rounded up to whole MiB, at least minKiB. */
export function fsSizeKiB(contentKiB: number, minKiB: number): number {
  const want = Math.max(minKiB, Math.ceil(contentKiB * 1.3) + 16 * 1024);
  return Math.ceil(want / 1024) * 1024;
}

/** An image file with one partition at PART_OFFSET of sizeKiB: MBR ('dos', marked active) or GPT. */
export async function partitionedImage(image: string, sizeKiB: number, table: 'dos' | 'gpt', type: string): Promise<void> {
  rmSync(image, { force: true });
  // GPT keeps a backup table in the last 33 sectors: leave 1 MiB after the partition.
  const total = PART_OFFSET + sizeKiB * 1024 + (table === 'gpt' ? PART_OFFSET : 0);
  await execa('truncate', ['-s', String(total), image]);
  const line = table === 'dos' ? `start=2048, size=${sizeKiB * 2}, type=${type}, bootable` : `start=2048, size=${sizeKiB * 2}, type=${type}`;
  await execa('sfdisk', ['-q', image], { input: `label: ${table}\n${line}\n` });
}

export async function ext4FromFolder(image: string, sizeKiB: number, dir: string, o: { label: string; uuid: string }): Promise<void> {
  await execa('mke2fs', ['-q', '-F', '-t', 'ext4', '-L', o.label, '-U', o.uuid, '-E', `offset=${PART_OFFSET}`, '-d', dir, image, `${sizeKiB}k`]);
}

/** A FAT32 file system of sizeKiB holding the folder's files (FAT has no symlinks: copy with cp -L first), written into the image. */
export async function fatFromFolder(image: string, sizeKiB: number, dir: string, label: string): Promise<void> {
  const fat = `${image}.fat`;
  rmSync(fat, { force: true });
  await execa('mkfs.fat', ['-C', '-F', '32', '-n', label, fat, String(sizeKiB)]);
  const names = readdirSync(dir).map((n) => path.join(dir, n));
  if (names.length) await execa('mcopy', ['-s', '-p', '-Q', '-i', fat, ...names, '::/']);
  await execa('dd', [`if=${fat}`, `of=${image}`, 'bs=1M', `seek=${PART_OFFSET / (1024 * 1024)}`, 'conv=notrunc', 'status=none']);
  rmSync(fat, { force: true });
}

/** Bytes written into the image at an offset, keeping the rest (dd conv=notrunc). */
export async function writeAt(image: string, from: string, o: { seekBytes: number; count?: number }): Promise<void> {
  const args = [`if=${from}`, `of=${image}`, 'bs=1', `seek=${o.seekBytes}`, 'conv=notrunc', 'status=none'];
  if (o.count !== undefined) args.push(`count=${o.count}`);
  await execa('dd', args);
}
