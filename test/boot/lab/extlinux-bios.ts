/**
 * SYSLINUX 6.04 (Debian's syslinux-common) on BIOS, reading
 * /boot/extlinux/extlinux.conf. The real `extlinux --install` wants the
 * file system mounted, and syslinux cannot read the sparse files that
 * `mke2fs -d` writes (zero blocks become holes: "I/O error"), so the
 * partition is FAT32 and the installer is `syslinux --install --offset`
 * (mtools, no mount): the same ldlinux core and the same configuration
 * parser (DEFAULT, LABEL, TIMEOUT, UI menu.c32) as extlinux.
 * The partition root is the root's /boot (entries say /vmlinuz-V), or the
 * root itself (its boot/ only) when the configuration says /boot/...
 * The staged extlinux.conf gets `SERIAL 0 115200` first so that the menu
 * and its errors show in the serial log.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { fatFromFolder, folderKiB, fsSizeKiB, PART_OFFSET, partitionedImage, writeAt } from './image.js';
import { SYSLINUX_BIOS, SYSLINUX_MBR } from './paths.js';

const COM32 = ['menu.c32', 'vesamenu.c32', 'libutil.c32', 'libcom32.c32'];

export async function buildExtlinuxBios(root: string, work: string): Promise<{ image: string }> {
  const conf = path.join(root, 'boot/extlinux/extlinux.conf');
  if (!existsSync(conf)) throw new Error(`no ${conf}`);
  const text = readFileSync(conf, 'utf8');
  const part = path.join(work, 'part');
  const rootFolder = /^\s*(kernel|linux|initrd|append)\b.*\s\/boot\//im.test(text);
  const target = rootFolder ? path.join(part, 'boot') : part;
  mkdirSync(target, { recursive: true });
  cpSync(path.join(root, 'boot'), target, { recursive: true, dereference: true });
  const confDir = rootFolder ? '/boot/extlinux' : '/extlinux';
  writeFileSync(path.join(part, confDir, 'extlinux.conf'), `SERIAL 0 115200\n${text}`);
  for (const m of COM32) cpSync(path.join(SYSLINUX_BIOS, m), path.join(part, confDir, m));

  const image = path.join(work, 'disk.img');
  const sizeKiB = fsSizeKiB(await folderKiB(part), 40 * 1024);
  await partitionedImage(image, sizeKiB, 'dos', 'c');
  await fatFromFolder(image, sizeKiB, part, 'BOOT');
  await execa('syslinux', ['--install', '--offset', String(PART_OFFSET), '--directory', confDir, image]);
  await writeAt(image, SYSLINUX_MBR, { seekBytes: 0, count: 440 });
  rmSync(part, { recursive: true, force: true });
  return { image };
}
