/**
 * Permission bits in words, for reports (pure). Bit values from inode(7).
 */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

const BIT_NAMES: [number, string][] = [
  [S_ISUID, 'setuid'], [S_ISGID, 'setgid'], [S_ISVTX, 'sticky'],
  [0o040, 'group read'], [0o020, 'group write'], [0o010, 'group execute'],
  [0o004, 'others read'], [0o002, 'others write'], [0o001, 'others execute'],
  [0o400, 'owner read'], [0o200, 'owner write'], [0o100, 'owner execute'],
];

/** Mode bits as rpm and ls show them: 0755, 4755. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

export function permissions(mode: number): number {
  return mode & 0o7777;
}

export const isSymlinkMode = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;
export const isDirMode = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;

/** Bits present in `now` but not in `was` ("loosened"). */
export function addedBits(was: number, now: number): number {
  return permissions(now) & ~permissions(was);
}

/** "setuid, others write" for a set of permission bits. */
export function describeBits(bits: number): string {
  return BIT_NAMES.filter(([b]) => (bits & b) !== 0).map(([, name]) => name).join(', ');
}

/** World-writable without the sticky bit: anyone may replace or change it. */
export function isWorldWritable(mode: number): boolean {
  return (mode & 0o002) !== 0 && !((mode & S_ISVTX) !== 0 && isDirMode(mode));
}
