/**
 * Reading the serial console log: one marker line per kernel that reached
 * /init (see initramfs.ts), in boot order.
 */
import { MARKER } from './initramfs.js';

export interface BootSeen {
  /** The label baked into the initramfs that came up. */
  label: string;
  /** /proc/cmdline of that boot. */
  cmdline: string;
  /** BOOT_IMAGE= from the command line (GRUB, extlinux), when given. */
  bootImage?: string;
  /** The kernel version named by BOOT_IMAGE=.../vmlinuz-<version>, when there is one. */
  bootImageVersion?: string;
  /** The initramfs was the failing kind: this boot panicked and the machine rebooted. */
  panicked: boolean;
}

const LINE = /^BOOTLAB booted: (.*) \| initrd=(\S+) mode=(ok|fail)\s*$/;

export function parseSerial(log: string): BootSeen[] {
  const boots: BootSeen[] = [];
  for (const raw of log.split('\n')) {
    const at = raw.indexOf(MARKER);
    if (at < 0) continue;
    const m = LINE.exec(raw.slice(at).replace(/\r/g, ''));
    if (!m) continue;
    const cmdline = (m[1] as string).trim();
    const seen: BootSeen = { label: m[2] as string, cmdline, panicked: m[3] === 'fail' };
    const img = /(?:^|\s)BOOT_IMAGE=(\S+)/.exec(cmdline)?.[1];
    if (img !== undefined) {
      seen.bootImage = img;
      const v = /vmlinuz-(.+)$/.exec(img)?.[1];
      if (v !== undefined) seen.bootImageVersion = v;
    }
    boots.push(seen);
  }
  return boots;
}

/** The last lines of a serial log, for a failure message. */
export function tail(log: string, lines = 25): string {
  return log.replace(/\r/g, '').split('\n').slice(-lines).join('\n');
}
