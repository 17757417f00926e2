/**
 * What the transaction changed beyond the packages' own files (pure): rpm -V
 * before and after, and the new package headers against the old ones.
 * - 'package': the new version itself declares it (a setuid bit, a looser
 *   mode, another owner, capabilities in FILEMODES/FILEUSERNAME/FILECAPS).
 *   rpm -V cannot see this: the disk matches the new header.
 * - 'transaction': a file differs from its header after the transaction but
 *   did not before (a scriptlet, another package, someone at the same time).
 * - 'reverted': a file differed before (a local change, e.g. a hardened mode)
 *   and matches its header after: the transaction undid the admin's change.
 * An mtime-only difference is left out: rpm keeps an unchanged %config file
 * when old and new packages ship the same content (lib/rpmfi.c
 * rpmfilesDecideFate), so its mtime no longer matches the new header, and
 * mtime alone says nothing about content (S and 5 do).
 * Ordered security first: rank 0 setuid/setgid/capabilities, 1 mode loosened
 * or owner changed, 2 anything under the sensitive paths, 3 the rest.
 */
import type { HeaderFile, HeaderFiles } from './parse-file-attrs.js';
import type { VerifiedFile, VerifyResult } from './integrity.js';
import { addedBits, describeBits, isSymlinkMode, isWorldWritable, octalMode, permissions, S_ISGID, S_ISUID } from './modes.js';
import { isSensitivePath } from './sensitive.js';

export type IntegrityOrigin = 'package' | 'transaction' | 'reverted';
export type Rank = 0 | 1 | 2 | 3;

export interface IntegrityChange {
  path: string;
  /** NEVRAs owning the file. */
  packages: string[];
  origin: IntegrityOrigin;
  /** What changed: rpm -V test names ('mode', 'user', 'digest', ...) or 'missing'. */
  attributes: string[];
  rank: Rank;
  security: boolean;
  /** Whether the transaction changed (upgraded, installed, erased) an owning package. */
  packageChanged: boolean;
  /** One line for the report. */
  detail: string;
}

const ORIGIN_ORDER: Record<IntegrityOrigin, number> = { package: 0, transaction: 1, reverted: 2 };

export function diffVerify(before: VerifyResult, after: VerifyResult, changedPackages: string[]): IntegrityChange[] {
  const changed = new Set(changedPackages);
  const isChanged = (nevras: string[], pkgs: HeaderFiles[]): boolean =>
    pkgs.some((p) => nevras.includes(p.nevra) && (changed.has(p.name) || changed.has(p.nevra)));
  const all = [...before.packages, ...after.packages];
  const changes = [
    ...headerChanges(before.packages, after.packages, changed),
    ...transactionChanges(before, after).map((c) => ({ ...c, packageChanged: isChanged(c.packages, all) })),
  ];
  return changes.sort((a, b) => a.rank - b.rank || ORIGIN_ORDER[a.origin] - ORIGIN_ORDER[b.origin] || a.path.localeCompare(b.path));
}

function headerChanges(before: HeaderFiles[], after: HeaderFiles[], changed: Set<string>): IntegrityChange[] {
  const old = new Map<string, HeaderFile>();
  for (const p of before) for (const f of p.files) old.set(f.path, f);
  const oldNevras = new Set(before.map((p) => p.nevra));
  const out: IntegrityChange[] = [];
  for (const p of after) {
    if (oldNevras.has(p.nevra) || !(changed.has(p.name) || changed.has(p.nevra))) continue;
    for (const f of p.files) {
      const c = compareHeaderFile(old.get(f.path), f);
      if (c) out.push({ path: f.path, packages: [p.nevra], origin: 'package', packageChanged: true, security: c.rank <= 2, ...c, detail: `${c.detail} (${p.nevra})` });
    }
  }
  return out;
}

type Finding = { attributes: string[]; rank: Rank; detail: string };

/** How a file in the new header differs from the old header, when that matters for security. */
export function compareHeaderFile(old: HeaderFile | undefined, neu: HeaderFile): Finding | undefined {
  if (isSymlinkMode(neu.mode) || (old && isSymlinkMode(old.mode))) return undefined;
  if (!old) return newFileFinding(neu);
  const added = addedBits(old.mode, neu.mode);
  const mode = `mode ${octalMode(old.mode)} -> ${octalMode(neu.mode)}`;
  if (added & (S_ISUID | S_ISGID)) return { attributes: ['mode'], rank: 0, detail: `${describeBits(added & (S_ISUID | S_ISGID))} bit added by the new version: ${mode}` };
  if (neu.caps !== old.caps && neu.caps !== '') return { attributes: ['caps'], rank: 0, detail: `capabilities set by the new version: '${old.caps || 'none'}' -> '${neu.caps}'` };
  if (added) return { attributes: ['mode'], rank: 1, detail: `mode loosened by the new version (${describeBits(added)}): ${mode}` };
  if (neu.user !== old.user || neu.group !== old.group) {
    return { attributes: ['user', 'group'].filter((a) => (a === 'user' ? neu.user !== old.user : neu.group !== old.group)), rank: 1, detail: `owner changed by the new version: ${old.user}:${old.group} -> ${neu.user}:${neu.group}` };
  }
  return undefined;
}

function newFileFinding(f: HeaderFile): Finding | undefined {
  const special = permissions(f.mode) & (S_ISUID | S_ISGID);
  if (special) return { attributes: ['mode'], rank: 0, detail: `new ${describeBits(special)} file, mode ${octalMode(f.mode)} owner ${f.user}:${f.group}` };
  if (f.caps) return { attributes: ['caps'], rank: 0, detail: `new file with capabilities '${f.caps}'` };
  if (isWorldWritable(f.mode)) return { attributes: ['mode'], rank: 1, detail: `new world-writable file, mode ${octalMode(f.mode)}` };
  return undefined;
}

function significant(f: VerifiedFile | undefined): string[] {
  if (!f) return [];
  return f.missing ? ['missing'] : f.differs.filter((t) => t !== 'mtime');
}

function transactionChanges(before: VerifyResult, after: VerifyResult): Omit<IntegrityChange, 'packageChanged'>[] {
  const beforeBy = new Map(before.files.map((f) => [f.path, f]));
  const afterBy = new Map(after.files.map((f) => [f.path, f]));
  const headerAfter = new Map<string, HeaderFile>();
  for (const p of after.packages) for (const f of p.files) headerAfter.set(f.path, f);
  const out: Omit<IntegrityChange, 'packageChanged'>[] = [];
  const counterpart = counterparts(before, after);
  for (const a of after.files) {
    const prior = beforeBy.get(a.path) ?? counterpart(a);
    const added = significant(a).filter((t) => !significant(prior).includes(t));
    if (added.length) out.push(finding(a, 'transaction', added, transactionFinding(a, added, headerAfter.get(a.path))));
  }
  for (const b of before.files) {
    const header = headerAfter.get(b.path);
    if (!header || afterBy.get(b.path)?.missing) continue; // no longer packaged, or reported above
    const gone = significant(b).filter((t) => !significant(afterBy.get(b.path)).includes(t));
    const x = gone.length ? revertedFinding(b, gone, header) : undefined;
    if (x) out.push(finding(b, 'reverted', gone, x));
  }
  return out;
}

/**
 * A file new with this transaction, in a new version of a name whose older
 * version stays installed beside it (a kernel): the same file of the older
 * version, found by putting the older version-release into the path
 * (/boot/initramfs-6.1.15-1.x86_64.img -> /boot/initramfs-6.1.10-1.x86_64.img),
 * as rpm -V saw it before. A new kernel's initramfs that differs from its
 * header just as the installed kernel's did (written with the system's umask
 * where the %ghost says 0600) is how this system treats that file, not a
 * change of this transaction.
 */
function counterparts(before: VerifyResult, after: VerifyResult): (f: VerifiedFile) => VerifiedFile | undefined {
  const beforeBy = new Map(before.files.map((f) => [f.path, f]));
  const oldNevras = new Set(before.packages.map((p) => p.nevra));
  return (f) => {
    for (const owner of after.packages.filter((p) => f.packages.includes(p.nevra) && !oldNevras.has(p.nevra))) {
      const vr = versionRelease(owner);
      if (!vr || !f.path.includes(vr)) continue;
      for (const older of before.packages.filter((p) => p.name === owner.name && p.nevra !== owner.nevra)) {
        const olderVr = versionRelease(older);
        const found = olderVr ? beforeBy.get(f.path.split(vr).join(olderVr)) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  };
}

/** VERSION-RELEASE of a package from its NEVRA (name-[epoch:]version-release.arch). */
function versionRelease(p: HeaderFiles): string | undefined {
  if (!p.nevra.startsWith(`${p.name}-`)) return undefined;
  const evra = p.nevra.slice(p.name.length + 1);
  const vr = evra.slice(0, evra.lastIndexOf('.')).replace(/^\d+:/, '');
  return vr.includes('-') ? vr : undefined;
}

function finding(f: VerifiedFile, origin: IntegrityOrigin, attributes: string[], x: { rank: Rank; detail: string }): Omit<IntegrityChange, 'packageChanged'> {
  const rank = x.rank === 3 && isSensitivePath(f.path) ? 2 : x.rank;
  return { path: f.path, packages: f.packages, origin, attributes, rank, security: rank <= 2, detail: x.detail };
}

function transactionFinding(a: VerifiedFile, added: string[], header: HeaderFile | undefined): { rank: Rank; detail: string } {
  const prefix = 'changed during the transaction, unlike its package';
  if (added.includes('missing')) return { rank: 3, detail: `${prefix}: removed` };
  if (added.includes('caps')) return { rank: 0, detail: `${prefix}: capabilities differ` };
  if (added.includes('mode') && header && a.disk) {
    const extra = addedBits(header.mode, a.disk.mode);
    const mode = `package ${octalMode(header.mode)}, disk ${octalMode(a.disk.mode)}`;
    if (extra & (S_ISUID | S_ISGID)) return { rank: 0, detail: `${prefix}: ${describeBits(extra & (S_ISUID | S_ISGID))} bit on disk (${mode})` };
    return { rank: 1, detail: `${prefix}: mode ${extra ? `loosened (${describeBits(extra)})` : 'differs'} (${mode})` };
  }
  if (added.some((t) => t === 'mode' || t === 'user' || t === 'group')) return { rank: 1, detail: `${prefix}: ${added.join(', ')} differ` };
  return { rank: 3, detail: `${prefix}: ${added.join(', ')} differ` };
}

function revertedFinding(b: VerifiedFile, gone: string[], header: HeaderFile): { rank: Rank; detail: string } | undefined {
  const prefix = 'a local change was undone by the transaction';
  if (gone.includes('missing')) return { rank: 3, detail: 'missing before the transaction, put back by it' };
  if (gone.includes('mode') && b.disk) {
    // The new header may simply have adopted the admin's mode: then nothing on disk changed.
    if (permissions(b.disk.mode) === permissions(header.mode) && gone.length === 1) return undefined;
    return { rank: 1, detail: `${prefix}: mode was ${octalMode(b.disk.mode)}, now ${octalMode(header.mode)} as packaged` };
  }
  if (gone.some((t) => t === 'mode' || t === 'user' || t === 'group' || t === 'caps')) return { rank: 1, detail: `${prefix}: ${gone.join(', ')} reset to the package's` };
  return { rank: 3, detail: `${prefix}: ${gone.join(', ')} now as packaged` };
}
