/**
 * Gathering, once, every fact the checks look at: the configuration, the
 * kernels, and a stat of each file the entries load. The checks themselves
 * then stay pure.
 */
import { readdir, readFile, stat, statfs } from 'node:fs/promises';
import { EXIT, InputError, isSaferpmError, UsageError } from '../../errors.js';
import { readRootedText, resolveInRoot, RootedPathError, statRooted } from '../../fs/rooted.js';
import { EXCLUDED_FILE } from '../../trial/store.js';
import { installedKernels, runningKernelOf } from '../kernels.js';
import { entriesForVersion, rootFromArgs, versionFromKernelPath, type BootConfig, type BootEntry } from '../model.js';
import { readBootConfig, type ReadBootConfigOptions } from '../read.js';
import { BootFileError } from '../boot-file-error.js';
import { lookupAsLinux, lookupOnBootFs, readsFilesItself } from '../boot-files.js';
import { fstabLine } from '../boot-prefix.js';
import { verifyKernelImage, type KnownImageVerdict } from '../verify-kernel.js';
import { entryIsBootable } from './files.js';
import type { CheckContext, FileFacts, RootFsFacts } from './types.js';

export interface CheckBootOptions extends ReadBootConfigOptions {
  /** uname -r of the kernel to check; default: the newest installed. */
  kernel?: string;
  /** uname -r of the running kernel; default: os.release() when the root is '/'. */
  runningKernel?: string;
  /** Installed kernel versions, instead of looking at /lib/modules and /boot. */
  installedKernels?: string[];
  /** What rpm -V said about the new kernel image in this run already (saferpm -U: its rpm -V after). */
  knownImage?: KnownImageVerdict;
}

const MISSING: FileFacts = { exists: false, size: 0, mtimeMs: 0 };
const DRACUT = ['/usr/bin/dracut', '/usr/sbin/dracut', '/sbin/dracut', '/etc/dracut.conf'];

async function readConfig(o: CheckBootOptions): Promise<{ config?: BootConfig; error?: string; reason?: string }> {
  try {
    return { config: await readBootConfig(o) };
  } catch (e) {
    // A file that cannot be read or understood is a finding of the check; a bad command line is not.
    const readable = isSaferpmError(e) || e instanceof RootedPathError || typeof (e as NodeJS.ErrnoException).code === 'string';
    if (e instanceof UsageError || !readable) throw e;
    return { error: (e as Error).message, ...(e instanceof BootFileError ? { reason: e.reason } : {}) };
  }
}

/**
 * Each file the entries load, found as their boot loader finds it
 * (boot-files.ts): GRUB and syslinux through their own file system drivers,
 * LILO through Linux.
 */
async function statAll(root: string, config: BootConfig | undefined, paths: Iterable<string>): Promise<Map<string, FileFacts>> {
  const unique = [...new Set(paths)];
  const own = config !== undefined && readsFilesItself(config.loader);
  const facts = await Promise.all(unique.map(async (p): Promise<FileFacts> => {
    const isEntryFile = p !== config?.file && p !== config?.liloMap;
    const f = own && isEntryFile ? await lookupOnBootFs(root, p, config.bootPrefix).catch(() => undefined) : await lookupAsLinux(root, p).catch(() => undefined);
    if (!f) return MISSING;
    const st = f.exists && !f.isDirectory ? await stat(f.host).catch(() => undefined) : undefined;
    const out: FileFacts = st?.isFile() ? { exists: true, size: st.size, mtimeMs: st.mtimeMs } : { ...MISSING };
    if (f.why) out.why = f.why;
    if (f.target) out.target = f.target;
    return out;
  }));
  return new Map(unique.map((p, i) => [p, facts[i] as FileFacts]));
}

/**
 * A versionless kernel name (/boot/vmlinuz, a link to vmlinuz-<version>, as
 * GRUB legacy and LILO setups often use) boots the file it resolves to: its
 * version is that file's.
 */
function versionsFromTargets(config: BootConfig | undefined, files: Map<string, FileFacts>): void {
  for (const e of config?.entries ?? []) {
    if (!e.linux || !e.kernelPath) continue;
    const target = files.get(e.kernelPath)?.target;
    const own = versionFromKernelPath(e.kernel);
    if (own !== undefined || !target) continue;
    const v = versionFromKernelPath(target);
    e.kernelTarget = target;
    if (v !== undefined) e.version = v;
  }
}

async function rootFsFacts(root: string): Promise<RootFsFacts> {
  const facts: RootFsFacts = {};
  const fstab = await readRootedText(root, '/etc/fstab').catch(() => undefined);
  const line = fstab !== undefined ? fstabLine(fstab, '/') : undefined;
  if (line) facts.fstab = { spec: line.spec, line: line.line };
  if (root === '/') {
    const cmdline = await readFile('/proc/cmdline', 'utf8').catch(() => undefined);
    const r = cmdline !== undefined ? rootFromArgs(cmdline.trim()) : undefined;
    if (r) facts.cmdline = r;
    const uuids = await readdir('/dev/disk/by-uuid').catch(() => undefined);
    if (uuids) facts.uuids = new Set(uuids.map((u) => u.toLowerCase()));
  }
  return facts;
}

/**
 * The entry that boots next: the default, unless it cannot load (a missing
 * or empty kernel or initrd makes its `linux`/`initrd` command fail), in
 * which case GRUB tries its `fallback` entries in order (GRUB manual,
 * "fallback"; GRUB 0.97 manual, "fallback") and boots the first that loads.
 */
function effectiveNext(ctx: CheckContext, config: BootConfig): { next?: BootEntry; def?: BootEntry } {
  const def = config.default.entry !== undefined ? config.entries[config.default.entry] : undefined;
  if (!def || entryIsBootable(ctx, def)) return def ? { next: def } : {};
  for (const i of config.fallback?.chain ?? (config.fallback?.entry !== undefined ? [config.fallback.entry] : [])) {
    const e = config.entries[i];
    if (e && e !== def && e.linux && entryIsBootable(ctx, e)) return { next: e, def };
  }
  return { next: def };
}

function pathsOf(config: BootConfig | undefined): string[] {
  if (!config) return [];
  const files = config.entries.flatMap((e) => [...(e.kernelPath ? [e.kernelPath] : []), ...e.initrdPaths]);
  return [config.file, ...(config.liloMap ? [config.liloMap] : []), ...files];
}

/** Of the entries for a version: the one that boots next, else the first that has its files, else the first. */
function pick(ctx: CheckContext, version: string | undefined): BootEntry | undefined {
  if (!ctx.config || !version) return undefined;
  const all = entriesForVersion(ctx.config, version);
  if (ctx.nextEntry && all.includes(ctx.nextEntry)) return ctx.nextEntry;
  return all.find((e) => entryIsBootable(ctx, e)) ?? all[0];
}

async function initramfsUse(root: string, config: BootConfig | undefined): Promise<CheckContext['initramfs']> {
  for (const p of DRACUT) if (await statRooted(root, p)) return { used: true, why: `${p} is installed` };
  const other = config?.entries.find((e) => e.linux && !e.rescue && e.initrds.length > 0);
  if (other) return { used: true, why: `entry ${other.index} loads one` };
  return { used: false, why: 'no dracut and no entry loads an initramfs' };
}

async function moduleDirs(root: string, versions: (string | undefined)[]): Promise<Map<string, boolean>> {
  const m = new Map<string, boolean>();
  for (const v of versions) {
    if (!v || m.has(v)) continue;
    const a = await statRooted(root, `/lib/modules/${v}`);
    const b = a ? a : await statRooted(root, `/usr/lib/modules/${v}`);
    m.set(v, Boolean(b?.isDirectory()));
  }
  return m;
}

async function bootSpaceOf(ctx: CheckContext): Promise<CheckContext['bootSpace']> {
  const sizeOf = (e: BootEntry): number => [e.kernelPath ?? '', ...e.initrdPaths].reduce((n, p) => n + (p ? ctx.file(p).size : 0), 0);
  const needed = ctx.newEntry ? sizeOf(ctx.newEntry) : Math.max(0, ...(ctx.config?.entries ?? []).map(sizeOf));
  if (needed === 0) return undefined;
  try {
    const s = await statfs(await resolveInRoot(ctx.root, '/boot'));
    return { free: s.bavail * s.bsize, needed };
  } catch {
    return undefined;
  }
}

/** A root that does not exist is a bad input (EXIT.NOINPUT, as the README says), not a finding about boot files. */
async function requireRoot(root: string): Promise<void> {
  const st = await stat(root).catch(() => undefined);
  if (!st) throw new InputError(root, 'the root does not exist', EXIT.NOINPUT, 'give --root the folder where the system is mounted');
  if (!st.isDirectory()) throw new InputError(root, 'the root is not a directory', EXIT.NOINPUT, 'give --root the folder where the system is mounted');
}

/**
 * The kernels that fell back in a trial boot (src/trial/store.ts writes the
 * list). None when there is no list; a list that cannot be read or is
 * damaged is an error: the check cannot tell whether the new kernel is one
 * of them, so it does not say "safe".
 */
async function excludedKernels(root: string): Promise<{ kernels: NonNullable<CheckContext['excluded']>; error?: string }> {
  let text: string | undefined;
  try {
    text = await readRootedText(root, EXCLUDED_FILE);
  } catch (e) {
    return { kernels: [], error: `${EXCLUDED_FILE} cannot be read: ${(e as Error).message}` };
  }
  if (text === undefined) return { kernels: [] };
  try {
    const v = JSON.parse(text) as { kernels?: unknown };
    if (!Array.isArray(v.kernels)) return { kernels: [], error: `${EXCLUDED_FILE} is damaged: it has no list of kernels` };
    return { kernels: v.kernels.filter((k): k is { kernel: string; trialId: string; reason: string } => typeof k?.kernel === 'string') };
  } catch (e) {
    return { kernels: [], error: `${EXCLUDED_FILE} is damaged: ${(e as Error).message}` };
  }
}

export async function gatherContext(o: CheckBootOptions): Promise<CheckContext> {
  await requireRoot(o.root);
  const { config, error, reason } = await readConfig(o);
  const installed = o.installedKernels ?? (await installedKernels(o.root));
  const kernel = o.kernel ?? installed[installed.length - 1];
  const running = o.runningKernel ?? runningKernelOf(o.root);
  const files = await statAll(o.root, config, pathsOf(config));
  versionsFromTargets(config, files);
  const ctx: CheckContext = {
    root: o.root,
    kernelSource: o.kernel ? 'option' : kernel ? 'newest-installed' : 'none',
    runningSource: o.runningKernel ? 'option' : running ? 'uname' : 'unknown',
    installed,
    file: (p) => files.get(p) ?? MISSING,
    initramfs: await initramfsUse(o.root, config),
    modules: await moduleDirs(o.root, [kernel, running]),
    rootFs: await rootFsFacts(o.root),
  };
  if (config) ctx.config = config;
  if (error) ctx.configError = error;
  if (reason) ctx.configReason = reason;
  if (kernel) ctx.kernel = kernel;
  if (running) ctx.running = running;
  const { next, def } = config ? effectiveNext(ctx, config) : {};
  if (next) ctx.nextEntry = next;
  if (def) ctx.defaultEntry = def;
  const newEntry = pick(ctx, kernel);
  if (newEntry) ctx.newEntry = newEntry;
  const image = newEntry?.kernelPath ? ctx.file(newEntry.kernelPath) : undefined;
  if (newEntry?.kernelPath && image?.exists && image.size > 0) ctx.newImage = await verifyKernelImage(o.root, image.target ?? newEntry.kernelPath, newEntry.version, o.knownImage);
  const runningEntry = pick(ctx, running);
  if (runningEntry) ctx.runningEntry = runningEntry;
  const space = await bootSpaceOf(ctx);
  if (space) ctx.bootSpace = space;
  const excluded = await excludedKernels(o.root);
  if (excluded.kernels.length) ctx.excluded = excluded.kernels;
  if (excluded.error) ctx.excludedError = excluded.error;
  return ctx;
}
