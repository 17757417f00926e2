/**
 * The boot lab needs real programs and firmware files. needLab() says so the
 * way needTools() does: skipped with a visible reason on a developer's
 * machine, a failure when CI=true.
 */
import { accessSync, constants } from 'node:fs';
import { needTools } from '../../helpers/tools.js';
import { haveLabKernel } from './kernel.js';
import { GRUB_I386_PC, OVMF_CODE, OVMF_VARS, SDBOOT_EFI, SYSLINUX_BIOS, SYSLINUX_MBR } from './paths.js';

export const LAB_TOOLS = ['qemu-system-x86_64', 'grub-mkimage', 'sfdisk', 'mke2fs', 'debugfs', 'mkfs.fat', 'mcopy', 'mtype', 'syslinux', 'busybox', 'apt-get', 'dpkg-deb'];

const LAB_FILES: Record<string, string> = {
  [`${GRUB_I386_PC}/boot.img`]: 'grub-pc-bin',
  [OVMF_CODE]: 'ovmf',
  [OVMF_VARS]: 'ovmf',
  [SDBOOT_EFI]: 'systemd-boot-efi',
  [`${SYSLINUX_BIOS}/ldlinux.c32`]: 'syslinux-common',
  [SYSLINUX_MBR]: 'syslinux-common',
};

function missingFiles(): string[] {
  const kernel = haveLabKernel() ? [] : ['the lab kernel in .cache/bootlab (test/boot/global-setup.ts fetches it with apt-get download; run apt-get update)'];
  return [...kernel, ...Object.entries(LAB_FILES).flatMap(([file, pkg]) => {
    try {
      accessSync(file, constants.R_OK);
      return [];
    } catch {
      return [`${file} (package ${pkg})`];
    }
  })];
}

/** true when the lab can run; false (skip, with a warning) or a throw under CI otherwise. */
export function needLab(): boolean {
  if (!needTools(...LAB_TOOLS)) return false;
  const missing = missingFiles();
  if (missing.length === 0) return true;
  const msg = `boot lab files missing: ${missing.join(', ')} (scripts/install-test-deps installs them)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI: ${msg}`);
  console.warn(`SKIPPED: ${msg}`);
  return false;
}
