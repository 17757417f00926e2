/**
 * Test roots carry placeholder kernels (a few bytes named vmlinuz-V). To boot
 * one, every non-empty kernel image is replaced by the lab's real kernel and
 * every non-empty initramfs by a lab initramfs labelled with its version V,
 * the failing kind for the versions asked. Empty or missing files stay so:
 * what the root says is broken stays broken.
 * Names (dracut, Debian, kernel-install): vmlinuz-V, initramfs-V.img,
 * initrd.img-V, initrd-V[.img], and MID/V/linux + MID/V/initrd.
 */
import { copyFileSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeInitramfs } from './initramfs.js';
import { labKernel } from './kernel.js';

export interface RealKernelOptions {
  /** Versions whose initramfs fails (the kernel panics and reboots). */
  fail?: string[];
}

/** The version an initramfs file is for, from its name; undefined for other files. */
export function initramfsVersion(file: string): string | undefined {
  const base = path.basename(file);
  if (base === 'initrd') return path.basename(path.dirname(file));
  const m = /^(?:initramfs-(.+)\.img|initrd\.img-(.+)|initrd-(.+?)(?:\.img)?)$/.exec(base);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function isKernelImage(file: string): boolean {
  const base = path.basename(file);
  return base === 'linux' || /^vmlinuz-/.test(base);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile() && st.size > 0) out.push(p);
  }
  return out;
}

/** Replaces the placeholders under dir (a root's boot/ or ESP); returns the files replaced. */
export function putLabKernels(dir: string, o: RealKernelOptions = {}): string[] {
  const kernel = labKernel();
  const done: string[] = [];
  for (const f of walk(dir)) {
    const v = initramfsVersion(f);
    const source = isKernelImage(f) ? kernel.path : v !== undefined ? makeInitramfs({ label: v, fail: o.fail?.includes(v) ?? false }) : undefined;
    if (!source) continue;
    rmSync(f); // the placeholder may be a hard link shared with another file
    copyFileSync(source, f);
    done.push(f);
  }
  return done;
}
