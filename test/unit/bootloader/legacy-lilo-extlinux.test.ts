import { describe, expect, it } from 'vitest';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import { parseExtlinux } from '../../../src/bootloader/parse-extlinux.js';
import { applyBootPrefix } from '../../../src/bootloader/boot-prefix.js';
import { config } from './configs.js';

describe('GRUB legacy', () => {
  const text = config('grub-legacy-default-saved.conf');

  it("'default saved' takes the number in /boot/grub/default", () => {
    const p = parseGrubLegacy(text, 'grub.conf', { savedDefault: config('grub-legacy-default-saved.default-file') });
    expect(p.default).toMatchObject({ entry: 1, from: 'saved-default-file', matchedBy: 'index', matched: true, requested: '1' });
    expect(p.entries.map((e) => [e.title, e.kernel, e.initrds[0], e.root])).toEqual([
      ['Linux 6.1.12', '/vmlinuz-6.1.12-1.x86_64', '/initramfs-6.1.12-1.x86_64.img', '/dev/sda2'],
      ['Linux 6.1.10', '/vmlinuz-6.1.10-1.x86_64', '/initramfs-6.1.10-1.x86_64.img', '/dev/sda2'],
    ]);
  });

  it("'default saved' without the file boots entry 0 and warns", () => {
    const p = parseGrubLegacy(text, 'grub.conf');
    expect(p.default).toMatchObject({ entry: 0, matched: false });
    expect(p.warnings[0]?.message).toMatch(/holds no entry number/);
  });

  it('a default past the last entry boots entry 0; fallback and a chain-loaded entry', () => {
    const p = parseGrubLegacy(config('grub-legacy-default-past-last-entry.conf'), 'grub.conf');
    expect(p.default).toMatchObject({ entry: 0, matched: false, requested: '5' });
    expect(p.fallback).toMatchObject({ entry: 1, requested: '1' });
    expect(p.entries[1]).toMatchObject({ title: 'Windows', linux: false });
  });
});

describe('LILO', () => {
  const p = parseLilo(config('lilo-labels-too-long-duplicate-and-alias.conf'), '/etc/lilo.conf');

  it('default= may name an alias; map= is kept', () => {
    expect(p.default).toMatchObject({ entry: 1, matchedBy: 'label', requested: 'stable' });
    expect(p.liloMap).toBe('/boot/map.lilo');
  });

  it('global append and root apply unless an image sets its own; literal= replaces the command line', () => {
    expect(p.entries.map((e) => [e.id, e.args, e.root, e.linux])).toEqual([
      ['linux-6.1.12-very-long', 'quiet', '/dev/sda2', true],
      ['linux', 'single', '/dev/sda2', true],
      ['linux', 'root=/dev/sdb1 init=/bin/sh', '/dev/sdb1', true],
      ['windows', '', undefined, false],
    ]);
  });

  it('warns about labels /sbin/lilo refuses', () => {
    expect(p.warnings.map((w) => [w.line, w.message])).toEqual([
      [9, "label 'linux-6.1.12-very-long' is longer than 15 characters: /sbin/lilo refuses it"],
      [19, "label 'linux' is used twice (entries 1 and 2): /sbin/lilo refuses duplicate labels"],
    ]);
  });

  it('paths are paths of the running system: the /boot prefix never applies', () => {
    applyBootPrefix(p.entries, 'lilo', { prefix: '/boot', source: 'option', detail: '' }, '/etc/lilo.conf');
    expect(p.entries[0]?.kernelPath).toBe('/boot/vmlinuz-6.1.12-1.x86_64');
  });

  it('a default naming no label: the first image, and a warning that lilo refuses the file', () => {
    const q = parseLilo(config('lilo-default-names-no-label.conf'), '/etc/lilo.conf');
    expect(q.default).toMatchObject({ entry: 0, matched: false, requested: 'gone' });
    expect(q.entries[1]?.id).toBe('vmlinuz-6.1.10-1.x86_64');
    // The label of an image without label= is its file name: longer than 15 characters here.
    expect(q.warnings.map((w) => w.message)).toEqual([
      "label 'vmlinuz-6.1.10-1.x86_64' is longer than 15 characters: /sbin/lilo refuses it",
      'default=gone names no label: /sbin/lilo refuses this file, so the map still holds an older configuration',
    ]);
  });
});

describe('extlinux', () => {
  it('MENU DEFAULT wins under a UI menu; relative paths; initrd= in APPEND; COM32 is not Linux', () => {
    const p = parseExtlinux(config('extlinux-menu-default-and-relative-paths.conf'), '/boot/extlinux/extlinux.conf');
    expect(p.default).toMatchObject({ entry: 0, matchedBy: 'label', note: 'MENU DEFAULT linux-new' });
    expect(p.entries.map((e) => [e.title, e.id, e.linux])).toEqual([
      ['Linux 6.1.12', 'linux-new', true],
      ['linux-old', 'linux-old', true],
      ['hdt', 'hdt', false],
    ]);
    expect(p.entries[0]).toMatchObject({ args: 'root=/dev/mmcblk0p2 ro', initrds: ['initramfs-6.1.12-1.x86_64.img'] });
    expect(p.entries[1]?.initrds).toEqual(['/initramfs-6.1.10-1.x86_64.img', '/microcode.img']);
    applyBootPrefix(p.entries, 'extlinux', { prefix: '/boot', source: 'option', detail: '' }, '/boot/extlinux/extlinux.conf');
    expect(p.entries[0]?.kernelPath).toBe('/boot/extlinux/vmlinuz-6.1.12-1.x86_64');
    expect(p.entries[1]?.kernelPath).toBe('/boot/vmlinuz-6.1.10-1.x86_64');
  });

  it('ONTIMEOUT decides an unattended boot; DEFAULT may carry options after the label', () => {
    const p = parseExtlinux(config('extlinux-ontimeout-and-default-with-options.conf'), 'extlinux.conf');
    expect(p.default).toMatchObject({ entry: 1, note: 'ONTIMEOUT fallback' });
    expect(p.entries[1]?.args).toBe('');
    const noTimeout = parseExtlinux(config('extlinux-ontimeout-and-default-with-options.conf').replace(/^ONTIMEOUT.*$/m, ''), 'x');
    expect(noTimeout.default).toMatchObject({ entry: 0, requested: 'linux single', matched: true });
  });
});

describe('the line that set the default (for the recovery note)', () => {
  it('GRUB legacy, LILO and extlinux name their default= line', () => {
    expect(parseGrubLegacy(config('grub-legacy-default-past-last-entry.conf'), 'g').default.line).toBe(2);
    expect(parseLilo(config('lilo-labels-too-long-duplicate-and-alias.conf'), 'l').default.line).toBe(4);
    expect(parseExtlinux(config('extlinux-menu-default-and-relative-paths.conf'), 'e').default.line).toBe(9);
    expect(parseExtlinux(config('extlinux-ontimeout-and-default-with-options.conf'), 'e').default.line).toBe(5);
  });
});
