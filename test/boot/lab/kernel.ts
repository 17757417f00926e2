/**
 * A real x86_64 Linux kernel for the lab, never installed on the host:
 * `apt-get download` of the versioned package behind Debian's
 * linux-image-cloud-amd64 (a small kernel with virtio, serial 8250 and gzip
 * initramfs support built in), unpacked with `dpkg-deb -x` into .cache/bootlab.
 * The first caller downloads; later ones read the cache.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LAB_CACHE } from './paths.js';

export interface LabKernel {
  /** The vmlinuz file in the cache. */
  path: string;
  /** Its uname -r, e.g. 6.1.0-41-cloud-amd64. */
  version: string;
}

const META_PACKAGE = 'linux-image-cloud-amd64';
const KERNEL_DIR = path.join(LAB_CACHE, 'kernel');
const VERSION_FILE = path.join(KERNEL_DIR, 'version');

function cached(): LabKernel | undefined {
  if (!existsSync(VERSION_FILE)) return undefined;
  const version = readFileSync(VERSION_FILE, 'utf8').trim();
  const file = path.join(KERNEL_DIR, `vmlinuz-${version}`);
  return existsSync(file) ? { path: file, version } : undefined;
}

/** The versioned package the meta package depends on (linux-image-6.1.0-NN-cloud-amd64). */
async function versionedPackage(): Promise<string> {
  const r = await execa('apt-cache', ['depends', META_PACKAGE], { reject: false, env: { LC_ALL: 'C' } });
  const m = /Depends: (linux-image-\S+)/.exec(String(r.stdout));
  if (!m) throw new Error(`apt-cache depends ${META_PACKAGE} names no linux-image package (exit ${r.exitCode}): run apt-get update as root`);
  return m[1] as string;
}

async function download(pkg: string, dir: string): Promise<void> {
  const first = await execa('apt-get', ['download', pkg], { cwd: dir, reject: false, env: { LC_ALL: 'C' } });
  if (first.exitCode === 0) return;
  // A fresh machine may have no package lists yet: refresh once, as root only.
  if (process.getuid?.() === 0) {
    await execa('apt-get', ['update', '-qq'], { reject: false });
    const again = await execa('apt-get', ['download', pkg], { cwd: dir, reject: false, env: { LC_ALL: 'C' } });
    if (again.exitCode === 0) return;
  }
  throw new Error(`apt-get download ${pkg} failed (exit ${first.exitCode}): ${String(first.stderr).trim()}; run apt-get update as root`);
}

/** Downloads and unpacks the kernel when the cache has none; returns its path and version. */
export async function fetchLabKernel(): Promise<LabKernel> {
  const have = cached();
  if (have) return have;
  mkdirSync(LAB_CACHE, { recursive: true });
  const work = mkdtempSync(path.join(LAB_CACHE, 'kpkg-'));
  try {
    const pkg = await versionedPackage();
    await download(pkg, work);
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg} left no .deb in ${work}`);
    await execa('dpkg-deb', ['-x', deb, 'x'], { cwd: work });
    const image = readdirSync(path.join(work, 'x/boot')).find((f) => f.startsWith('vmlinuz-'));
    if (!image) throw new Error(`${deb} holds no /boot/vmlinuz-*`);
    mkdirSync(KERNEL_DIR, { recursive: true });
    renameSync(path.join(work, 'x/boot', image), path.join(KERNEL_DIR, image));
    writeFileSync(VERSION_FILE, `${image.slice('vmlinuz-'.length)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const got = cached();
  if (!got) throw new Error(`kernel not found in ${KERNEL_DIR} after unpacking`);
  return got;
}

/** true when the kernel is in the cache. */
export function haveLabKernel(): boolean {
  return cached() !== undefined;
}

/** The cached kernel; the boot project's global setup fetched it (fetchLabKernel). */
export function labKernel(): LabKernel {
  const k = cached();
  if (!k) throw new Error(`no lab kernel in ${KERNEL_DIR}: the boot project's global setup fetches it (test/boot/global-setup.ts)`);
  return k;
}
