/** The package model: what saferpm knows of one package file or installed package. */
import { formatEvr, type Evr } from './evr.js';

export interface Dependency {
  name: string;
  /** rpm's sense flags as text: '', '<', '<=', '=', '>=', '>'. */
  op: string;
  version: string;
}

/** RPMFILE_CONFIG in rpm's header (lib/rpmfiles.h). */
export const RPMFILE_CONFIG = 1 << 0;
/** RPMFILE_NOREPLACE: %config(noreplace). */
export const RPMFILE_NOREPLACE = 1 << 4;
/** RPMFILE_GHOST: %ghost, listed but not in the payload. */
export const RPMFILE_GHOST = 1 << 6;

export interface PackageFile {
  path: string;
  flags: number;
  /** st_mode as rpm records it. */
  mode: number;
}

export interface RpmPackage extends Evr {
  name: string;
  /** Always set for a package: '0' when the header has none. */
  epoch: string;
  release: string;
  arch: string;
  /** The package file this came from, when read with rpm -qp. */
  file?: string;
  isSource: boolean;
  sourceRpm?: string;
  summary: string;
  provides: Dependency[];
  requires: Dependency[];
  files: PackageFile[];
  /**
   * Set when the header was read without its file list (`files` is then
   * empty): the directories its files are in, as rpm's DIRNAMES ('/usr/bin/').
   */
  fileDirs?: string[];
  /** Seconds since the epoch, for installed packages. */
  installTime?: number;
}

/** name-[epoch:]version-release.arch, as rpm -q prints it (epoch only when not 0). */
export function nevra(p: Pick<RpmPackage, 'name' | 'epoch' | 'version' | 'release' | 'arch'>): string {
  return `${p.name}-${evrString(p)}.${p.arch}`;
}

/** name-version-release.arch without the epoch: what `rpm -e` and `rpm -q` accept. */
export function nvra(p: Pick<RpmPackage, 'name' | 'version' | 'release' | 'arch'>): string {
  return `${p.name}-${p.version}-${p.release}.${p.arch}`;
}

export function evrString(p: Evr): string {
  return formatEvr(p);
}


/**
 * Whether a file in this directory (DIRNAMES form, ending in '/') can make a
 * package a kernel for classify() or give kernelVersionsOf() a version: every
 * path either of them looks at is under /boot/ or a modules tree. A package
 * with no file there is classified the same with or without its file list.
 */
export function isKernelFileDir(dir: string): boolean {
  return dir.startsWith('/boot/') || /^\/(usr\/)?lib\/modules\//.test(dir);
}

/**
 * The kernel version string a kernel package installs (`uname -r` once it
 * runs), taken from its files: /boot/vmlinuz-<v> or /lib/modules/<v>/.
 */
export function kernelVersionsOf(p: Pick<RpmPackage, 'files'>): string[] {
  const found = new Set<string>();
  for (const f of p.files) {
    const m = /^\/boot\/vmlinuz-(.+)$/.exec(f.path) ?? /^\/(?:usr\/)?lib\/modules\/([^/]+)(?:\/|$)/.exec(f.path);
    if (m?.[1]) found.add(m[1]);
  }
  return [...found];
}

