/**
 * Whether GRUB can write grubenv where it lives. GRUB's save_env (which
 * clears next_entry before the one-time entry boots, 00_header of
 * grub-mkconfig) rewrites the 1024-byte block in place through GRUB's own
 * disk drivers: it cannot on btrfs (GRUB does not write btrfs), nor through
 * md RAID, LVM or LUKS ("diskfilter writes are not supported",
 * grub-core/disk/diskfilter.c; grub-reboot warns that the entry "will remain
 * the default boot entry until manually cleared"). A one-time entry that is
 * never cleared boots at every boot: a failing trial kernel would loop.
 *
 * The mount holding the file comes from /proc/mounts on the live system (it
 * names the real device) or from the root's /etc/fstab (which may say only
 * UUID=: then it cannot be told). Pure.
 */

export interface MountLine {
  device: string;
  mountPoint: string;
  fsType: string;
}

export type FsVerdict = { ok: true; detail: string } | { ok: false; known: boolean; detail: string };

/** /proc/mounts and fstab share the first three fields; octal escapes (\040) are decoded. */
export function parseMountLines(text: string): MountLine[] {
  const out: MountLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [device, mountPoint, fsType] = line.split(/\s+/).map(unescapeOctal);
    if (device && mountPoint?.startsWith('/') && fsType) out.push({ device, mountPoint, fsType });
  }
  return out;
}

function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** The mount that holds `file` (a path inside the root): the longest mount point that is a prefix of it; the last one mounted wins. */
export function mountOf(mounts: readonly MountLine[], file: string): MountLine | undefined {
  let best: MountLine | undefined;
  for (const m of mounts) {
    const mp = m.mountPoint === '/' ? '/' : m.mountPoint.replace(/\/+$/, '');
    const inside = mp === '/' || file === mp || file.startsWith(`${mp}/`);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

const GOOD_FS = ['ext2', 'ext3', 'ext4', 'xfs', 'vfat', 'msdos'];
const PLAIN_DISK = /^\/dev\/(sd[a-z]+|vd[a-z]+|hd[a-z]+|xvd[a-z]+|nvme\d+n\d+p?|mmcblk\d+p?)\d*$/;

export function grubCanWrite(m: MountLine | undefined, source: string): FsVerdict {
  if (!m) return { ok: false, known: false, detail: `${source} names no file system for it: cannot tell whether GRUB can write it` };
  const what = `${m.device} on ${m.mountPoint} (${m.fsType}, from ${source})`;
  if (m.fsType === 'btrfs') return { ok: false, known: true, detail: `${what}: GRUB cannot write to btrfs, so it could never clear next_entry` };
  if (!GOOD_FS.includes(m.fsType)) return { ok: false, known: true, detail: `${what}: not a file system GRUB writes (${GOOD_FS.join(', ')})` };
  if (/^\/dev\/md(\d|\/)/.test(m.device)) return { ok: false, known: true, detail: `${what}: md RAID; GRUB does not write through it (diskfilter), so next_entry would never be cleared` };
  if (/^\/dev\/(mapper\/|dm-\d)/.test(m.device) || /^\/dev\/[^/]+\/[^/]+$/.test(m.device) && !m.device.startsWith('/dev/disk/')) {
    return { ok: false, known: true, detail: `${what}: device-mapper (LVM or LUKS); GRUB does not write through it, so next_entry would never be cleared` };
  }
  if (PLAIN_DISK.test(m.device)) return { ok: true, detail: `${what}: a plain partition GRUB writes in place` };
  return { ok: false, known: false, detail: `${what}: cannot tell which device that is (on the live system /proc/mounts names it)` };
}
