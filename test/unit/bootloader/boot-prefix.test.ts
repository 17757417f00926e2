import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prefixFromFstab, prefixFromMountinfo, toRootPath } from '../../../src/bootloader/boot-prefix.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { UPSTREAM } from '../../helpers/paths.js';

describe('is /boot its own file system? (fstab)', () => {
  it('a /boot line: yes, and where it is said', () => {
    const p = prefixFromFstab('# comment\n/dev/sda2 / xfs defaults 0 0\nUUID=1 /boot xfs defaults 0 0\n', '/etc/fstab');
    expect(p).toEqual({ prefix: '/boot', source: 'fstab', detail: '/etc/fstab:3 mounts UUID=1 (xfs) on /boot' });
  });

  it('no /boot line, a bind mount, or no fstab: no', () => {
    expect(prefixFromFstab('/dev/sda2 / ext4 defaults 0 1\n', '/etc/fstab').prefix).toBe('/');
    expect(prefixFromFstab('/srv/boot /boot none bind 0 0\n', '/etc/fstab')).toMatchObject({ prefix: '/', detail: '/etc/fstab:1 bind-mounts /boot: still a folder of another file system' });
    expect(prefixFromFstab(undefined, '/etc/fstab')).toMatchObject({ prefix: '/', source: 'default' });
  });

  it('escaped blanks and trailing slashes in the mount point', () => {
    expect(prefixFromFstab('LABEL=b /boot/ ext4 defaults 0 2\n', 'f').prefix).toBe('/boot');
    expect(prefixFromFstab('LABEL=b /boot\\040x ext4 defaults 0 2\n', 'f').prefix).toBe('/');
  });
});

describe('is /boot a mount point? (/proc/self/mountinfo)', () => {
  const line = (root: string, mp: string, type: string) => `36 35 98:0 ${root} ${mp} rw,noatime master:1 - ${type} /dev/sda2 rw`;
  it('reads field 5 and the type after the separator', () => {
    expect(prefixFromMountinfo([line('/', '/', 'ext4'), line('/', '/boot', 'xfs')].join('\n')).prefix).toBe('/boot');
    expect(prefixFromMountinfo(line('/', '/', 'ext4')).prefix).toBe('/');
  });

  it('a btrfs subvolume mounted on /boot is what GRUB names files through', () => {
    expect(prefixFromMountinfo([line('/root6', '/', 'btrfs'), line('/boot6', '/boot', 'btrfs')].join('\n'))).toMatchObject({ prefix: '/boot', subvol: '/boot6' });
  });
});

describe('paths as the boot loader names them -> paths in the root', () => {
  const sep = { prefix: '/boot', source: 'option', detail: '' } as const;
  const same = { prefix: '/', source: 'option', detail: '' } as const;
  it('applies the prefix; LILO paths are already system paths; extlinux relative paths follow the config', () => {
    expect(toRootPath('grub2', '/vmlinuz-6.1', sep, '/boot/grub2/grub.cfg')).toBe('/boot/vmlinuz-6.1');
    expect(toRootPath('grub2', '/boot/vmlinuz-6.1', same, '/boot/grub2/grub.cfg')).toBe('/boot/vmlinuz-6.1');
    expect(toRootPath('lilo', '/boot/vmlinuz-6.1', sep, '/etc/lilo.conf')).toBe('/boot/vmlinuz-6.1');
    expect(toRootPath('extlinux', 'vmlinuz-6.1', sep, '/boot/extlinux/extlinux.conf')).toBe('/boot/extlinux/vmlinuz-6.1');
  });
});

describe('grubby btrfs cases (grub2.20-25 with their mounts files)', () => {
  const G = path.join(UPSTREAM, 'grubby');
  it.each([
    ['grub2.20', 'g2.20-mounts', { prefix: '/boot', subvol: '/boot6' }, '/boot/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
    ['grub2.22', 'g2.22-mounts', { prefix: '/', subvol: '/root4' }, '/boot/vmlinuz-3.15.0-0.rc7.git2.1.fc21.x86_64'],
  ])('%s: the subvolume in grub.cfg paths maps back to /boot', (cfg, mounts, want, kernel) => {
    const boot = prefixFromFstab(readFileSync(path.join(G, 'grub2-support_files', mounts), 'utf8'), mounts);
    expect(boot).toMatchObject(want);
    const p = parseGrub2(readFileSync(path.join(G, cfg), 'utf8'), cfg);
    expect(toRootPath('grub2', p.entries[0]?.kernel as string, boot, '/boot/grub2/grub.cfg')).toBe(kernel);
  });
});
