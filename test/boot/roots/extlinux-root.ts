/**
 * A root whose /boot partition extlinux reads: /boot/extlinux/extlinux.conf
 * as Fedora's and RHEL's extlinux layouts write it (MENU LABEL, KERNEL,
 * APPEND, INITRD per LABEL; paths relative to the /boot partition).
 */
import { bootPlaceholders, systemFiles, write } from './system.js';
import { CMDLINE } from './kernels.js';

export function extlinuxConf(o: { default?: string; versions: string[]; ui?: boolean }): string {
  const head = [...(o.ui ? ['UI menu.c32'] : []), 'PROMPT 0', 'TIMEOUT 10', ...(o.default ? [`DEFAULT ${o.default}`] : [])];
  const labels = o.versions.flatMap((v) => ['', `LABEL linux-${v}`, `  MENU LABEL Fedora Linux (${v})`, `  KERNEL /vmlinuz-${v}`, `  APPEND ${CMDLINE}`, `  INITRD /initramfs-${v}.img`]);
  return `${[...head, ...labels].join('\n')}\n`;
}

export function extlinuxRoot(root: string, conf: string): void {
  systemFiles(root, 'boot-partition');
  bootPlaceholders(root);
  write(root, 'boot/extlinux/extlinux.conf', conf);
}
