/**
 * Where the boot lab keeps what it builds once (the real kernel, labelled
 * initramfs images) and the firmware and boot loader files Debian installs.
 */
import path from 'node:path';
import { CACHE } from '../../helpers/paths.js';

export const LAB_CACHE = path.join(CACHE, 'bootlab');

/** Debian 12 locations (packages grub-pc-bin, ovmf, systemd-boot-efi, syslinux-common). */
export const GRUB_I386_PC = '/usr/lib/grub/i386-pc';
export const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
export const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
export const SDBOOT_EFI = '/usr/lib/systemd/boot/efi/systemd-bootx64.efi';
export const SYSLINUX_BIOS = '/usr/lib/syslinux/modules/bios';
export const SYSLINUX_MBR = '/usr/lib/syslinux/mbr/mbr.bin';
