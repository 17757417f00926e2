/**
 * GRUB 2 for BIOS (Debian's grub-pc-bin 2.06) on an MBR disk image whose one
 * ext4 partition holds the root's /boot. grub-bios-setup refuses image files
 * (it wants to guess the device holding its folder), so this does by hand
 * what it does for an MBR disk:
 *  - boot.img's code (bytes 0..439) over the MBR, keeping the disk signature
 *    and the partition table; its kernel sector (0x5c) already says LBA 1;
 *  - 0x66: two NOPs over the boot-drive check, as grub-bios-setup writes;
 *  - a `grub-mkimage -O i386-pc` core.img at LBA 1 (diskboot.img's block
 *    list already reads the sectors after it).
 * The core image's embedded config puts the terminal on the serial port and
 * sets the prefix to the partition's grub folder, where Debian's i386-pc
 * modules are copied; then GRUB's normal mode reads grub.cfg as installed.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { execa } from 'execa';
import { ext4FromFolder, folderKiB, fsSizeKiB, PART_OFFSET, partitionedImage, writeAt } from './image.js';
import { GRUB_I386_PC } from './paths.js';

export interface Grub2Disk {
  image: string;
  /** The grub folder inside the partition: "grub2" or "grub". */
  grubDir: string;
  fsUuid: string;
}

function grubDirOf(part: string): string {
  for (const d of ['grub2', 'grub']) if (existsSync(path.join(part, d, 'grub.cfg'))) return d;
  throw new Error(`no grub2/grub.cfg or grub/grub.cfg in ${part} (the root's /boot)`);
}

/** The file system UUID grub.cfg searches for (`search --fs-uuid --set=root ... UUID`), else a new one. */
export function fsUuidOf(grubCfg: string): string {
  const m = /--fs-uuid\b[^\n]*?\b([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b/.exec(grubCfg);
  return m ? (m[1] as string) : randomUUID();
}

export async function buildGrub2Bios(root: string, work: string): Promise<Grub2Disk> {
  const part = path.join(work, 'part');
  mkdirSync(part, { recursive: true });
  cpSync(path.join(root, 'boot'), part, { recursive: true, verbatimSymlinks: true });
  const grubDir = grubDirOf(part);
  // Entries say /vmlinuz-V (a /boot partition) or /boot/vmlinuz-V (/boot a folder of /): both resolve.
  if (!existsSync(path.join(part, 'boot'))) symlinkSync('.', path.join(part, 'boot'));
  const mods = path.join(part, grubDir, 'i386-pc');
  rmSync(mods, { recursive: true, force: true });
  mkdirSync(mods);
  for (const f of readdirSync(GRUB_I386_PC)) if (/\.(mod|lst)$/.test(f)) cpSync(path.join(GRUB_I386_PC, f), path.join(mods, f));
  const fsUuid = fsUuidOf(readFileSync(path.join(part, grubDir, 'grub.cfg'), 'utf8'));

  const image = path.join(work, 'disk.img');
  const sizeKiB = fsSizeKiB(await folderKiB(part), 32 * 1024);
  await partitionedImage(image, sizeKiB, 'dos', '83');
  await ext4FromFolder(image, sizeKiB, part, { label: 'boot', uuid: fsUuid });

  const early = path.join(work, 'early.cfg');
  writeFileSync(early, ['serial --unit=0 --speed=115200', 'terminal_input serial console', 'terminal_output serial console', `set prefix=(hd0,msdos1)/${grubDir}`, ''].join('\n'));
  const core = path.join(work, 'core.img');
  await execa('grub-mkimage', ['-O', 'i386-pc', '-d', GRUB_I386_PC, '-o', core, '-c', early, '-p', `(hd0,msdos1)/${grubDir}`, 'biosdisk', 'part_msdos', 'ext2', 'serial', 'terminal']);
  if (statSync(core).size > PART_OFFSET - 512) throw new Error(`core.img (${statSync(core).size} bytes) does not fit before the partition`);
  await writeAt(image, path.join(GRUB_I386_PC, 'boot.img'), { seekBytes: 0, count: 440 });
  const nops = path.join(work, 'nop2');
  writeFileSync(nops, Buffer.from([0x90, 0x90]));
  await writeAt(image, nops, { seekBytes: 0x66 });
  await execa('dd', [`if=${core}`, `of=${image}`, 'bs=512', 'seek=1', 'conv=notrunc', 'status=none']);
  rmSync(part, { recursive: true, force: true });
  return { image, grubDir, fsUuid };
}
