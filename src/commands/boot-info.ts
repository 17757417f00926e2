/**
 * saferpm boot info: the entries of the root's boot loader and which one boots
 * next, for every format. --default-kernel, --default-index and
 * --default-title print one value, as grubby's options of those names do
 * (the kernel path with the boot prefix applied), so scripts can switch.
 */
import type { Output } from '../output/output.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { BOOT_LOADER_TYPES, bootConfigJson, readBootConfig, renderBootInfo, type BootConfig, type BootLoaderType } from '../bootloader/index.js';
import path from 'node:path';

export interface BootInfoOptions {
  root?: string;
  config?: string;
  type?: string;
  env?: string;
  bootPrefix?: string;
  json?: boolean;
  defaultKernel?: boolean;
  defaultIndex?: boolean;
  defaultTitle?: boolean;
}

/**
 * With --root R, FILE names a file inside R (as grubby's --config-file does
 * inside a chroot). With the root '/', a relative FILE is relative to the
 * current directory, as any path on a command line.
 */
export function rootPathArg(root: string, file: string): string {
  if (root === '/') return path.resolve(file);
  return path.posix.normalize(file.startsWith('/') ? file : `/${file}`);
}

/** --root as an absolute path ('/' by default). */
export function rootArg(root: string | undefined): string {
  return path.resolve(root ?? '/');
}

export function parseLoaderType(t: string | undefined): BootLoaderType | undefined {
  if (t === undefined) return undefined;
  if (!(BOOT_LOADER_TYPES as readonly string[]).includes(t)) throw new UsageError(`--type ${t} is not a boot loader saferpm reads`, `use one of: ${BOOT_LOADER_TYPES.join(', ')}`);
  return t as BootLoaderType;
}

export function parseBootPrefix(p: string | undefined): '/boot' | '/' | undefined {
  if (p === undefined) return undefined;
  if (p !== '/boot' && p !== '/') throw new UsageError(`--boot-prefix ${p} must be /boot (a /boot partition) or / (/boot is a folder of /)`);
  return p;
}

export async function bootInfo(o: BootInfoOptions, out: Output): Promise<number> {
  const singles = [o.defaultKernel, o.defaultIndex, o.defaultTitle, o.json].filter(Boolean).length;
  if (singles > 1) throw new UsageError('give only one of --json, --default-kernel, --default-index, --default-title');
  const type = parseLoaderType(o.type);
  const bootPrefix = parseBootPrefix(o.bootPrefix);
  const root = rootArg(o.root);
  const config = await readBootConfig({
    root,
    ...(o.config !== undefined ? { config: rootPathArg(root, o.config) } : {}),
    ...(type ? { type } : {}),
    ...(o.env !== undefined ? { env: rootPathArg(root, o.env) } : {}),
    ...(bootPrefix ? { bootPrefix } : {}),
  });
  if (o.json) out.out(JSON.stringify(bootConfigJson(config), null, 2));
  else if (o.defaultKernel || o.defaultIndex || o.defaultTitle) out.out(defaultValue(config, o));
  else out.out(renderBootInfo(config));
  return EXIT.OK;
}

function defaultValue(c: BootConfig, o: BootInfoOptions): string {
  const e = c.default.entry !== undefined ? c.entries[c.default.entry] : undefined;
  if (!e) throw new InputError(c.file, 'has no entry to boot', EXIT.DATAERR);
  if (o.defaultIndex) return e.index;
  if (o.defaultTitle) return e.title;
  if (!e.linux || !e.kernelPath) throw new InputError(c.file, `the default entry ${e.index} '${e.title}' does not boot a Linux kernel`, EXIT.DATAERR);
  return e.kernelPath;
}
