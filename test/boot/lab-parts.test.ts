/**
 * The lab's own pure parts, checked against real tools and captured text:
 * the newc archive against busybox cpio, the serial marker parser against
 * lines captured from this lab's boots, initramfs names as dracut, Debian
 * and kernel-install write them.
 */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cpioNewc } from './lab/cpio.js';
import { parseSerial } from './lab/serial.js';
import { initramfsVersion } from './lab/real-kernels.js';
import { haveTool, needTools } from '../helpers/tools.js';

describe('the lab', () => {
  it.runIf(haveTool('busybox') || needTools('busybox'))('writes a newc archive busybox cpio lists, device node and symlink included', async () => {
    const archive = cpioNewc([
      { kind: 'dir', name: 'bin' },
      { kind: 'file', name: 'bin/hello', data: Buffer.from('hi\n'), mode: 0o755 },
      { kind: 'symlink', name: 'bin/sh', target: 'hello' },
      { kind: 'chardev', name: 'console', major: 5, minor: 1 },
    ]);
    const r = await execa('busybox', ['cpio', '-t', '-v'], { input: archive, env: { LC_ALL: 'C' } });
    const out = String(r.stdout);
    expect(out.split('\n')).toHaveLength(4);
    expect(out).toMatch(/^d\S+ .* bin$/m);
    expect(out).toMatch(/^-rwxr-xr-x .* bin\/hello$/m);
    expect(out).toMatch(/^l\S+ .* bin\/sh -> hello$/m);
    expect(out).toMatch(/^c\S+ .* console$/m);
  });

  it('reads the marker lines of a serial log, with BOOT_IMAGE= or without (systemd-boot)', () => {
    const log = [
      '[   10.358366] Run /init as init process',
      '[   10.412345] BOOTLAB booted: BOOT_IMAGE=/vmlinuz-6.1.12-100.fake.x86_64 root=/dev/mapper/rhel-root ro console=ttyS0,115200 panic=3 | initrd=6.1.12-100.fake.x86_64 mode=fail\r',
      '[   10.5] BOOTLAB failing: /init exits, the kernel panics and reboots in 3 s',
      '[   11.2] BOOTLAB booted: initrd=/0123/6.1.10-100.fake.x86_64/initrd root=/dev/x ro | initrd=6.1.10-100.fake.x86_64 mode=ok',
    ].join('\n');
    expect(parseSerial(log)).toEqual([
      { label: '6.1.12-100.fake.x86_64', cmdline: 'BOOT_IMAGE=/vmlinuz-6.1.12-100.fake.x86_64 root=/dev/mapper/rhel-root ro console=ttyS0,115200 panic=3', bootImage: '/vmlinuz-6.1.12-100.fake.x86_64', bootImageVersion: '6.1.12-100.fake.x86_64', panicked: true },
      { label: '6.1.10-100.fake.x86_64', cmdline: 'initrd=/0123/6.1.10-100.fake.x86_64/initrd root=/dev/x ro', panicked: false },
    ]);
  });

  it('names the version of every initramfs layout, and nothing else', () => {
    expect(initramfsVersion('/r/boot/initramfs-6.1.10-1.x86_64.img')).toBe('6.1.10-1.x86_64');
    expect(initramfsVersion('/r/boot/initrd.img-6.1.0-41-amd64')).toBe('6.1.0-41-amd64');
    expect(initramfsVersion('/r/boot/initrd-5.14.21-150500.55-default')).toBe('5.14.21-150500.55-default');
    expect(initramfsVersion('/r/boot/efi/0123/6.1.12-100.fake.x86_64/initrd')).toBe('6.1.12-100.fake.x86_64');
    expect(initramfsVersion('/r/boot/vmlinuz-6.1')).toBeUndefined();
    expect(initramfsVersion('/r/boot/grub2/grubenv')).toBeUndefined();
  });
});
