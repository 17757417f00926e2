/**
 * Gathering, once, every fact the checks look at: the configuration, the
 * kernels, and a stat of each file the entries load. The checks themselves
 * then stay pure.
 */
import { statfs } from 'node:fs/promises';
import { isSaferpmError, UsageError } from '../../errors.js';
import { readRootedText, resolveInRoot, RootedPathError, statRooted } from '../../fs/rooted.js';
import { STATE_DIR } from '../../state/dirs.js';
import { installedKernels, runningKernelOf } from '../kernels.js';
import { entriesForVersion, type BootConfig, type BootEntry } from '../model.js';
import { readBootConfig, type ReadBootConfigOptions } from '../read.js';
import { entryIsBootable } from './files.js';
import type { CheckContext, FileFacts } from './types.js';

export interface CheckBootOptions extends ReadBootConfigOptions {
  /** uname -r of the kernel to check; default: the newest installed. */
  kernel?: string;
  /** uname -r of the running kernel; default: os.release() when the root is '/'. */
  runningKernel?: string;
  /** Installed kernel versions, instead of looking at /lib/modules and /boot. */
  installedKernels?: string[];
}

const MISSING: FileFacts = { exists: false, size: 0, mtimeMs: 0 };
/** As src/trial/store.ts names it. */
const EXCLUDED_FILE = `${STATE_DIR}/trial/excluded.json`;
const DRACUT = ['/usr/bin/dracut', '/usr/sbin/dracut', '/sbin/dracut', '/etc/dracut.conf'];

async function readConfig(o: CheckBootOptions): Promise<{ config?: BootConfig; error?: string }> {
  try {
    return { config: await readBootConfig(o) };
  } catch (e) {
    // A file that cannot be read or understood is a finding of the check; a bad command line is not.
    const readable = isSaferpmError(e) || e instanceof RootedPathError || typeof (e as NodeJS.ErrnoException).code === 'string';
    if (e instanceof UsageError || !readable) throw e;
    return { error: (e as Error).message };
  }
}

async function statAll(root: string, paths: Iterable<string>): Promise<Map<string, FileFacts>> {
  const unique = [...new Set(paths)];
  const stats = await Promise.all(unique.map((p) => statRooted(root, p).catch(() => undefined)));
  return new Map(unique.map((p, i) => {
    const st = stats[i];
    return [p, st?.isFile() ? { exists: true, size: st.size, mtimeMs: st.mtimeMs } : MISSING];
  }));
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

/** src/trial/store.ts writes the list; a damaged one is ignored here ('saferpm trial status' reports it). */
async function excludedKernels(root: string): Promise<NonNullable<CheckContext['excluded']>> {
  const text = await readRootedText(root, EXCLUDED_FILE).catch(() => undefined);
  if (!text) return [];
  try {
    const v = JSON.parse(text) as { kernels?: unknown };
    return Array.isArray(v.kernels) ? v.kernels.filter((k): k is { kernel: string; trialId: string; reason: string } => typeof k?.kernel === 'string') : [];
  } catch {
    return [];
  }
}

export async function gatherContext(o: CheckBootOptions): Promise<CheckContext> {
  const { config, error } = await readConfig(o);
  const installed = o.installedKernels ?? (await installedKernels(o.root));
  const kernel = o.kernel ?? installed[installed.length - 1];
  const running = o.runningKernel ?? runningKernelOf(o.root);
  const files = await statAll(o.root, pathsOf(config));
  const ctx: CheckContext = {
    root: o.root,
    kernelSource: o.kernel ? 'option' : kernel ? 'newest-installed' : 'none',
    runningSource: o.runningKernel ? 'option' : running ? 'uname' : 'unknown',
    installed,
    file: (p) => files.get(p) ?? MISSING,
    initramfs: await initramfsUse(o.root, config),
    modules: await moduleDirs(o.root, [kernel, running]),
  };
  if (config) ctx.config = config;
  if (error) ctx.configError = error;
  if (kernel) ctx.kernel = kernel;
  if (running) ctx.running = running;
  const next = config?.default.entry !== undefined ? config.entries[config.default.entry] : undefined;
  if (next) ctx.nextEntry = next;
  const newEntry = pick(ctx, kernel);
  if (newEntry) ctx.newEntry = newEntry;
  const runningEntry = pick(ctx, running);
  if (runningEntry) ctx.runningEntry = runningEntry;
  const space = await bootSpaceOf(ctx);
  if (space) ctx.bootSpace = space;
  const excluded = await excludedKernels(o.root);
  if (excluded.length) ctx.excluded = excluded;
  return ctx;
}
