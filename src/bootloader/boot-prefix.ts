/**
 * Is /boot its own file system? Boot loaders name files relative to the file
 * system that holds them: with a /boot partition an entry says /vmlinuz-X
 * (found at /boot/vmlinuz-X in the running system), without one it says
 * /boot/vmlinuz-X. saferpm decides this from the mounts, never by trimming
 * strings: /proc/self/mountinfo on a live system (proc(5)), /etc/fstab under
 * another root (fstab(5)). A bind mount of /boot is not a separate file system
 * to the boot loader.
 */
import path from 'node:path';
import type { BootEntry, BootLoaderType, BootPrefix } from './model.js';

/** fstab(5) and mountinfo escape blanks in paths as \040 (octal). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** The /boot line of an fstab, if any: "UUID=... /boot xfs defaults 0 0". */
export function fstabBootLine(text: string): { line: number; spec: string; type: string; options: string } | undefined {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const f = (lines[n] as string).trim().split(/\s+/);
    if (f.length < 2 || (f[0] as string).startsWith('#')) continue;
    if (path.posix.normalize(unescapeOctal(f[1] as string)) !== '/boot') continue;
    return { line: n + 1, spec: f[0] as string, type: f[2] ?? 'auto', options: f[3] ?? 'defaults' };
  }
  return undefined;
}

/** Field 5 of /proc/self/mountinfo is the mount point (proc(5)). */
export function mountinfoHasBoot(text: string): boolean {
  return text.split('\n').some((l) => {
    const mountPoint = l.split(' ')[4];
    return mountPoint !== undefined && unescapeOctal(mountPoint) === '/boot';
  });
}

export function prefixFromFstab(text: string | undefined, fstabPath: string): BootPrefix {
  if (text === undefined) return { prefix: '/', source: 'default', detail: `${fstabPath} not found: /boot taken as a folder of /` };
  const b = fstabBootLine(text);
  if (!b) return { prefix: '/', source: 'fstab', detail: `${fstabPath} has no /boot line: /boot is a folder of /` };
  if (b.options.split(',').includes('bind')) return { prefix: '/', source: 'fstab', detail: `${fstabPath}:${b.line} bind-mounts /boot: still a folder of another file system` };
  return { prefix: '/boot', source: 'fstab', detail: `${fstabPath}:${b.line} mounts ${b.spec} (${b.type}) on /boot` };
}

export function prefixFromMountinfo(text: string): BootPrefix {
  return mountinfoHasBoot(text)
    ? { prefix: '/boot', source: 'mountinfo', detail: '/proc/self/mountinfo: /boot is a mount point' }
    : { prefix: '/', source: 'mountinfo', detail: '/proc/self/mountinfo: /boot is not a mount point' };
}

/**
 * A path as the boot loader names it -> the same file as seen from the
 * root's "/". LILO names files of the running system; extlinux resolves a
 * relative name against the folder of its configuration file.
 */
export function toRootPath(loader: BootLoaderType, p: string, prefix: BootPrefix['prefix'], configFile: string): string {
  if (loader === 'lilo') return path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
  if (!p.startsWith('/')) return path.posix.join(path.posix.dirname(configFile), p);
  return path.posix.join(prefix, p);
}

/** Fill kernelPath and initrdPaths of every entry. */
export function applyBootPrefix(entries: BootEntry[], loader: BootLoaderType, prefix: BootPrefix['prefix'], configFile: string): void {
  for (const e of entries) {
    if (e.kernel !== undefined) e.kernelPath = toRootPath(loader, e.kernel, prefix, configFile);
    e.initrdPaths = e.initrds.map((i) => toRootPath(loader, i, prefix, configFile));
  }
}
