/**
 * A tiny initramfs whose /init (busybox-static) writes one marker line to the
 * first serial port and then powers off, or, in the failing variant, exits:
 * the kernel panics ("Attempted to kill init") and, with panic=3 (set by
 * /init too, whatever the command line says), reboots into the boot loader.
 *
 * The marker carries /proc/cmdline and a label baked into the image: GRUB
 * and extlinux pass BOOT_IMAGE=, systemd-boot does not, so the label is what
 * tells which entry came up. Images are cached per label and variant.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpioNewc, type CpioMember } from './cpio.js';
import { LAB_CACHE } from './paths.js';
import { haveTool } from '../../helpers/tools.js';

export const MARKER = 'BOOTLAB booted:';
const INIT_VERSION = 'v2';

export interface InitramfsOptions {
  /** Baked into the image and printed in the marker; letters, digits, '.', '_', '-', '+'. */
  label: string;
  /** true: /init exits after the marker, so the kernel panics and reboots. */
  fail?: boolean;
}

// The marker goes through /dev/kmsg at priority 3 (err): the kernel prints it on its console (console=ttyS0)
// synchronously, so it is on the serial log even when poweroff or a panic follows at once (a write to
// /dev/ttyS0 can be lost in the tty buffer), and even with `quiet` (console_loglevel 4).
const INIT = `#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
label=$(cat /etc/bootlab-label); mode=$(cat /etc/bootlab-mode)
say() { if [ -c /dev/kmsg ]; then echo "<3>$1" >/dev/kmsg; else echo "$1" >/dev/console; fi; }
say "${MARKER} $(cat /proc/cmdline) | initrd=$label mode=$mode"
if [ "$mode" = fail ]; then
  echo 3 >/proc/sys/kernel/panic
  say "BOOTLAB failing: /init exits, the kernel panics and reboots in 3 s"
  sleep 1
  exit 1
fi
say "BOOTLAB poweroff"
sleep 1
poweroff -f
sleep 60
`;

function busyboxPath(): string {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p;
  if (!haveTool('busybox')) throw new Error('busybox not found: install busybox-static');
  return 'busybox';
}

export function initramfsMembers(o: InitramfsOptions, busybox: Buffer): CpioMember[] {
  if (!/^[A-Za-z0-9._+-]+$/.test(o.label)) throw new Error(`initramfs label '${o.label}' must be letters, digits, '.', '_', '-', '+'`);
  const applets = ['sh', 'mount', 'cat', 'echo', 'poweroff', 'sleep'];
  return [
    ...['bin', 'dev', 'proc', 'sys', 'etc'].map((name) => ({ kind: 'dir' as const, name })),
    { kind: 'file', name: 'bin/busybox', data: busybox, mode: 0o755 },
    ...applets.map((a) => ({ kind: 'symlink' as const, name: `bin/${a}`, target: 'busybox' })),
    { kind: 'chardev', name: 'dev/console', major: 5, minor: 1 },
    { kind: 'file', name: 'etc/bootlab-label', data: Buffer.from(`${o.label}\n`) },
    { kind: 'file', name: 'etc/bootlab-mode', data: Buffer.from(o.fail ? 'fail\n' : 'ok\n') },
    { kind: 'file', name: 'init', data: Buffer.from(INIT), mode: 0o755 },
  ];
}

/** The path of a cached gzip'd initramfs for this label and variant. */
export function makeInitramfs(o: InitramfsOptions): string {
  const dir = path.join(LAB_CACHE, 'initramfs');
  // The version in the name: a cached image built by an older /init is never reused.
  const file = path.join(dir, `${o.label}.${o.fail ? 'fail' : 'ok'}.${INIT_VERSION}.img`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const bb = readFileSync(busyboxPath());
  if (!bb.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) throw new Error(`${busyboxPath()} is not an ELF binary`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, gzipSync(cpioNewc(initramfsMembers(o, bb)), { level: 6 }));
  renameSync(tmp, file);
  return file;
}
