/**
 * checkBoot: the verdict "safe to reboot" or "do not reboot: <reasons>",
 * with every check's finding and the entries an admin needs to pick the
 * known-good kernel by hand. The object is also the --json output
 * (docs/boot-json.md, schema saferpm.boot-verdict/1).
 */
import { gatherContext, type CheckBootOptions } from './checks/context.js';
import { runChecks } from './checks/index.js';
import type { CheckContext, CheckResult } from './checks/types.js';
import type { BootConfig, BootEntry, BootLoaderType, BootPrefix, DefaultChoice, Firmware, UnattendedBoot } from './model.js';

export const BOOT_VERDICT_SCHEMA = 'saferpm.boot-verdict/1';

/** One boot entry, as the recovery note and scripts need it. */
export interface EntryRef {
  /** As the boot loader counts: "2", or "1>0" inside a GRUB 2 submenu. */
  index: string;
  title: string;
  /** GRUB 2 --id, BLS id (file name without .conf), LILO or extlinux label. */
  id?: string;
  linux: boolean;
  /** Kernel path as the configuration names it. */
  kernel?: string;
  /** The same file seen from the root's "/" (boot prefix applied). */
  kernelPath?: string;
  initrdPaths: string[];
  version?: string;
  root?: string;
  /** The file a versionless kernel name (/boot/vmlinuz) resolves to, as the boot loader resolves it. */
  kernelTarget?: string;
}

export interface BootVerdict {
  schema: typeof BOOT_VERDICT_SCHEMA;
  safe: boolean;
  root: string;
  loader?: BootLoaderType;
  configFile?: string;
  envFile?: string;
  blsDir?: string;
  /** LILO's map file, which decides what boots (see the lilo-map check). */
  liloMap?: string;
  /** GRUB legacy `default saved`: /boot/grub/default. */
  savedDefaultFile?: string;
  /** GRUB 2: UEFI or BIOS, and why; the menu judged (configFile) is the one this firmware reads. */
  firmware?: Firmware;
  /** RHEL 9's EFI stub that hands over to configFile with `configfile`. */
  loadedBy?: string;
  /** Whether the boot loader boots on its own (timeout) and what asks for a password. */
  unattended?: UnattendedBoot;
  /** The configured default entry, when it cannot load and the boot loader's fallback (nextBoot) boots instead. */
  defaultEntry?: EntryRef;
  bootPrefix?: BootPrefix;
  kernel?: string;
  kernelSource: CheckContext['kernelSource'];
  runningKernel?: string;
  runningKernelSource: CheckContext['runningSource'];
  installedKernels: string[];
  /** How the next boot was chosen. */
  default?: DefaultChoice;
  nextBoot?: EntryRef;
  newEntry?: EntryRef;
  /** The running (known-good) kernel's entry: what to pick if the new kernel fails. */
  fallback?: EntryRef;
  /** The boot loader's own fallback (GRUB legacy fallback=, GRUB 2 $fallback), when set. */
  loaderFallback?: EntryRef;
  entries: EntryRef[];
  checks: CheckResult[];
  /** Reasons of the failed required checks, in check order; empty when safe. */
  reasons: string[];
}

export function entryRef(e: BootEntry): EntryRef {
  const r: EntryRef = { index: e.index, title: e.title, linux: e.linux, initrdPaths: e.initrdPaths };
  if (e.id !== undefined) r.id = e.id;
  if (e.kernel !== undefined) r.kernel = e.kernel;
  if (e.kernelPath !== undefined) r.kernelPath = e.kernelPath;
  if (e.version !== undefined) r.version = e.version;
  if (e.root !== undefined) r.root = e.root;
  if (e.kernelTarget !== undefined) r.kernelTarget = e.kernelTarget;
  return r;
}

export async function checkBoot(o: CheckBootOptions): Promise<BootVerdict> {
  const ctx = await gatherContext(o);
  return verdictOf(ctx, runChecks(ctx));
}

export function verdictOf(ctx: CheckContext, checks: CheckResult[]): BootVerdict {
  const failed = checks.filter((c) => c.level === 'required' && c.status === 'fail');
  const v: BootVerdict = {
    schema: BOOT_VERDICT_SCHEMA,
    safe: failed.length === 0,
    root: ctx.root,
    kernelSource: ctx.kernelSource,
    runningKernelSource: ctx.runningSource,
    installedKernels: ctx.installed,
    entries: ctx.config?.entries.map(entryRef) ?? [],
    checks,
    reasons: failed.map((c) => c.reason ?? c.title),
  };
  if (ctx.kernel) v.kernel = ctx.kernel;
  if (ctx.running) v.runningKernel = ctx.running;
  if (ctx.config) describeConfig(v, ctx.config);
  if (ctx.nextEntry) v.nextBoot = entryRef(ctx.nextEntry);
  if (ctx.defaultEntry) v.defaultEntry = entryRef(ctx.defaultEntry);
  if (ctx.newEntry) v.newEntry = entryRef(ctx.newEntry);
  if (ctx.runningEntry) v.fallback = entryRef(ctx.runningEntry);
  return v;
}

function describeConfig(v: BootVerdict, c: BootConfig): void {
  v.loader = c.loader;
  v.configFile = c.file;
  v.bootPrefix = c.bootPrefix;
  v.default = c.default;
  if (c.env) v.envFile = c.env.file;
  if (c.blsDir) v.blsDir = c.blsDir;
  if (c.liloMap) v.liloMap = c.liloMap;
  if (c.savedDefaultFile) v.savedDefaultFile = c.savedDefaultFile;
  if (c.firmware) v.firmware = c.firmware;
  if (c.loadedBy) v.loadedBy = c.loadedBy;
  if (c.unattended) v.unattended = c.unattended;
  const fb = c.fallback?.entry !== undefined ? c.entries[c.fallback.entry] : undefined;
  if (fb) v.loaderFallback = entryRef(fb);
}
