/**
 * A root that boots with systemd-boot, laid out as kernel-install writes it
 * (90-loaderentry.install, layout "bls"): the EFI system partition mounted
 * at /boot/efi holds loader/loader.conf, loader/entries/<id>.conf and
 * <machine-id>/<version>/linux + initrd.
 */
import { bootPlaceholders, systemFiles, write } from './system.js';
import { CMDLINE, MACHINE_ID } from './kernels.js';

export const ESP = 'boot/efi';

export interface SdbootEntry {
  /** The file name without .conf. */
  name: string;
  version: string;
  sortKey?: string;
}

export function entryText(e: SdbootEntry): string {
  return [
    'title      Fedora Linux 38 (Thirty Eight)',
    `version    ${e.version}`,
    `machine-id ${MACHINE_ID}`,
    ...(e.sortKey ? [`sort-key   ${e.sortKey}`] : []),
    `options    ${CMDLINE}`,
    `linux      /${MACHINE_ID}/${e.version}/linux`,
    `initrd     /${MACHINE_ID}/${e.version}/initrd`,
    '',
  ].join('\n');
}

export function sdbootRoot(root: string, o: { loaderConf: string; entries: SdbootEntry[] }): void {
  systemFiles(root, 'boot-folder');
  write(root, 'etc/fstab', `/dev/mapper/rhel-root / xfs defaults 0 0\nUUID=5A5A-0001 /boot/efi vfat umask=0077 0 2\n`);
  bootPlaceholders(root, []);
  write(root, `${ESP}/loader/loader.conf`, o.loaderConf);
  for (const e of o.entries) {
    write(root, `${ESP}/loader/entries/${e.name}.conf`, entryText(e));
    write(root, `${ESP}/${MACHINE_ID}/${e.version}/linux`, `placeholder kernel ${e.version}\n`);
    write(root, `${ESP}/${MACHINE_ID}/${e.version}/initrd`, `placeholder initramfs ${e.version}\n`);
  }
}
