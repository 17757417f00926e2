/**
 * The parts of a scenario root outside the boot loader's files: fstab (which
 * tells saferpm whether /boot is its own file system), the machine id, the
 * modules folders of both kernels, and placeholder kernel files that
 * putLabKernels() replaces by the real kernel and labelled initramfs images.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOOT_UUID, MACHINE_ID, NEW, OLD, ROOT_DEV } from './kernels.js';

export type BootLayout = 'boot-partition' | 'boot-folder';

export function write(root: string, file: string, text: string): void {
  const p = path.join(root, file);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
}

export function systemFiles(root: string, layout: BootLayout): void {
  const fstab = [`${ROOT_DEV} / xfs defaults 0 0`];
  if (layout === 'boot-partition') fstab.push(`UUID=${BOOT_UUID} /boot ext4 defaults 1 2`);
  write(root, 'etc/fstab', `${fstab.join('\n')}\n`);
  write(root, 'etc/machine-id', `${MACHINE_ID}\n`);
  for (const v of [OLD, NEW]) write(root, `lib/modules/${v}/modules.dep`, '');
}

/** /boot/vmlinuz-V and /boot/initramfs-V.img placeholders (dracut's names). */
export function bootPlaceholders(root: string, versions: readonly string[] = [OLD, NEW]): void {
  for (const v of versions) {
    write(root, `boot/vmlinuz-${v}`, `placeholder kernel ${v}\n`);
    write(root, `boot/initramfs-${v}.img`, `placeholder initramfs ${v}\n`);
  }
}
