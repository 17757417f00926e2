/**
 * Boot checks: small, ordered, each required (failing it means "do not
 * reboot") or wanted (a warning), in the manner of systemd's kernel-install
 * plugins and greenboot's required/wanted health checks. A check is a pure
 * function of the facts gathered once in context.ts.
 */
import type { BootConfig, BootEntry } from '../model.js';

export type CheckLevel = 'required' | 'wanted';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface FileFacts {
  exists: boolean;
  /** Bytes; 0 when missing. */
  size: number;
  mtimeMs: number;
  /** Why the boot loader does not find it (a symbolic link it cannot follow), when that is the reason. */
  why?: string;
  /** The file reached through symbolic links, as a path inside the root. */
  target?: string;
}

/** What saferpm knows of the file system the kernel mounts as "/" (for root=). */
export interface RootFsFacts {
  /** The line of /etc/fstab that mounts "/". */
  fstab?: { spec: string; line: number };
  /** root= of /proc/cmdline, when the root is the running system. */
  cmdline?: string;
  /** UUIDs under /dev/disk/by-uuid, when the root is the running system. */
  uuids?: ReadonlySet<string>;
}

export interface CheckContext {
  root: string;
  config?: BootConfig;
  /** Why the configuration could not be read (one line). */
  configError?: string;
  /** uname -r of the kernel being checked (the new one). */
  kernel?: string;
  kernelSource: 'option' | 'newest-installed' | 'none';
  running?: string;
  runningSource: 'option' | 'uname' | 'unknown';
  installed: string[];
  /** Facts about a path inside the root, gathered beforehand. */
  file(p: string): FileFacts;
  /** Why the configuration could not be read, in the few words after "do not reboot:". */
  configReason?: string;
  newEntry?: BootEntry;
  runningEntry?: BootEntry;
  /** The entry that really boots next: the default, or the boot loader's fallback when the default cannot load. */
  nextEntry?: BootEntry;
  /** The configured default, when it differs from nextEntry (its files are missing and the fallback boots). */
  defaultEntry?: BootEntry;
  /** rpm's verdict on the new kernel image's contents. */
  newImage?: { status: 'ok' | 'differs' | 'unverified'; finding: string };
  rootFs: RootFsFacts;
  /** Whether this distribution boots through an initramfs, and why saferpm thinks so. */
  initramfs: { used: boolean; why: string };
  /** /lib/modules/<v> (or /usr/lib/modules/<v>) is a folder, by version. */
  modules: ReadonlyMap<string, boolean>;
  /** Free and needed bytes on the file system holding /boot; undefined when unknown. */
  bootSpace?: { free: number; needed: number };
  /** Kernels that fell back in a trial boot (ROOT/var/lib/saferpm/trial/excluded.json). */
  excluded?: { kernel: string; trialId: string; reason: string }[];
  /** Why that list could not be read (a damaged or unreadable file): no kernel can be said not to be on it. */
  excludedError?: string;
}

export interface CheckOutcome {
  status: CheckStatus;
  finding: string;
  /** For a failed required check: the few words that go after "do not reboot:". */
  reason?: string;
}

export interface Check {
  id: string;
  title: string;
  level: CheckLevel;
  run(ctx: CheckContext): CheckOutcome;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  level: CheckLevel;
}

export const pass = (finding: string): CheckOutcome => ({ status: 'pass', finding });
export const skip = (finding: string): CheckOutcome => ({ status: 'skip', finding: `skipped: ${finding}` });
export const warn = (finding: string): CheckOutcome => ({ status: 'warn', finding });
export const fail = (finding: string, reason: string): CheckOutcome => ({ status: 'fail', finding, reason });
