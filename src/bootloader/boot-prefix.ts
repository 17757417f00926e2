/**
 * Is /boot its own file system? Boot loaders name files relative to the file
 * system that holds them: with a /boot partition an entry says /vmlinuz-X
 * (found at /boot/vmlinuz-X in the running system), without one it says
 * /boot/vmlinuz-X. saferpm decides this from the mounts, never by trimming
 * strings: /proc/self/mountinfo on a live system (proc(5)), /etc/fstab under
 * another root (fstab(5)). A bind mount of /boot is not a separate file system
 * to the boot loader. On btrfs, GRUB names files from the top of the file
 * system, through the subvolume that is mounted: with `subvol=/boot6` on
 * /boot, grub.cfg says /boot6/vmlinuz-X for /boot/vmlinuz-X (grub-mkconfig's
 * make_system_path_relative_to_its_root).
 */
import path from 'node:path';
import { espOfConfig } from './read-sdboot.js';
import type { BootEntry, BootLoaderType, BootPrefix } from './model.js';

/** fstab(5) and mountinfo escape blanks in paths as \040 (octal). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** "/boot/" and "/boot" are one mount point. */
function mountPointOf(field: string): string {
  const p = path.posix.normalize(unescapeOctal(field));
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

interface FstabLine {
  line: number;
  spec: string;
  type: string;
  options: string;
}

/** The line that mounts `mountPoint` (last one wins, as with mount -a), if any: "UUID=... /boot xfs defaults 0 0". */
export function fstabLine(text: string, mountPoint: string): FstabLine | undefined {
  let found: FstabLine | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const f = (lines[n] as string).trim().split(/\s+/);
    if (f.length < 2 || (f[0] as string).startsWith('#')) continue;
    if (mountPointOf(f[1] as string) !== mountPoint) continue;
    found = { line: n + 1, spec: f[0] as string, type: f[2] ?? 'auto', options: f[3] ?? 'defaults' };
  }
  return found;
}

function subvolOf(l: FstabLine | undefined): string | undefined {
  if (l?.type !== 'btrfs') return undefined;
  const opt = l.options.split(',').find((o) => o.startsWith('subvol='));
  const v = opt ? path.posix.normalize('/' + opt.slice(7)) : undefined;
  return v === '/' ? undefined : v;
}

function withSubvol(p: BootPrefix, subvol: string | undefined): BootPrefix {
  return subvol ? { ...p, subvol, detail: `${p.detail}, btrfs subvolume ${subvol}` } : p;
}

export function prefixFromFstab(text: string | undefined, fstabPath: string): BootPrefix {
  if (text === undefined) return { prefix: '/', source: 'default', detail: `${fstabPath} not found: /boot taken as a folder of /` };
  const b = fstabLine(text, '/boot');
  const rootSubvol = subvolOf(fstabLine(text, '/'));
  if (!b) return withSubvol({ prefix: '/', source: 'fstab', detail: `${fstabPath} has no /boot line: /boot is a folder of /` }, rootSubvol);
  if (b.options.split(',').includes('bind')) return withSubvol({ prefix: '/', source: 'fstab', detail: `${fstabPath}:${b.line} bind-mounts /boot: still a folder of another file system` }, rootSubvol);
  return withSubvol({ prefix: '/boot', source: 'fstab', detail: `${fstabPath}:${b.line} mounts ${b.spec} (${b.type}) on /boot` }, subvolOf(b));
}

/** proc(5): field 4 is the root of the mount within its file system (a btrfs subvolume), field 5 the mount point. */
export function prefixFromMountinfo(text: string): BootPrefix {
  const mounts = new Map<string, { root: string; type: string }>();
  for (const l of text.split('\n')) {
    const f = l.split(' ');
    const dash = f.indexOf('-');
    if (f.length < 5 || dash < 0) continue;
    mounts.set(unescapeOctal(f[4] as string), { root: unescapeOctal(f[3] as string), type: f[dash + 1] ?? '' });
  }
  const boot = mounts.get('/boot');
  const holder = boot ?? mounts.get('/');
  const subvol = holder?.type === 'btrfs' && holder.root !== '/' ? holder.root : undefined;
  return boot
    ? withSubvol({ prefix: '/boot', source: 'mountinfo', detail: '/proc/self/mountinfo: /boot is a mount point' }, subvol)
    : withSubvol({ prefix: '/', source: 'mountinfo', detail: '/proc/self/mountinfo: /boot is not a mount point' }, subvol);
}

/**
 * A path as the boot loader names it -> the same file as seen from the
 * root's "/". LILO names files of the running system; extlinux resolves a
 * relative name against the folder of its configuration file.
 */
export function toRootPath(loader: BootLoaderType, p: string, boot: BootPrefix, configFile: string): string {
  if (loader === 'lilo') return path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
  // systemd-boot names files from the top of the EFI system partition, wherever that is mounted.
  if (loader === 'systemd-boot') return path.posix.join(espOfConfig(configFile), p);
  if (!p.startsWith('/')) return path.posix.join(path.posix.dirname(configFile), p);
  const s = boot.subvol;
  const inFs = s && (p === s || p.startsWith(`${s}/`)) ? p.slice(s.length) || '/' : p;
  return path.posix.join(boot.prefix, inFs);
}

/** Fill kernelPath and initrdPaths of every entry. */
export function applyBootPrefix(entries: BootEntry[], loader: BootLoaderType, boot: BootPrefix, configFile: string): void {
  for (const e of entries) {
    if (e.kernel !== undefined) e.kernelPath = toRootPath(loader, e.kernel, boot, configFile);
    e.initrdPaths = e.initrds.map((i) => toRootPath(loader, i, boot, configFile));
  }
}
