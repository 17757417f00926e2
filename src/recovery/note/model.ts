/**
 * What the recovery note is made from: the run record, a small plain view of
 * the boot loader (the boot checker's verdict maps onto it in a few lines),
 * the patch plan, and the standby copies. Types only, plus building the input
 * from a run record (pure).
 */
import type { PackageChange, RunRecord } from '../../record/types.js';
import type { PatchPlan } from '../patch-plan/model.js';
import type { NoteTrial } from './trial.js';

/** grub2-bls: GRUB 2 reading /boot/loader/entries (Fedora 30+, RHEL 8+). */
export type LoaderType = 'grub-legacy' | 'grub2' | 'grub2-bls' | 'lilo' | 'extlinux' | 'unknown';
const LOADERS: readonly LoaderType[] = ['grub-legacy', 'grub2', 'grub2-bls', 'lilo', 'extlinux', 'unknown'];

export interface NoteBootEntry {
  /** The loader's own address: '2' (0-based, as GRUB counts) or '1>0' inside a GRUB 2 submenu. */
  index: string;
  /** Menu title; for LILO and extlinux the label. */
  title: string;
  /** GRUB 2 --id or BLS entry id (file name without .conf); LILO/extlinux label. */
  id?: string;
  /** Kernel path as the loader names it (/vmlinuz-X when /boot is its own partition). */
  kernel: string;
  /** uname -r of that kernel, when known. */
  kernelVersion?: string;
}

export interface NoteFinding {
  /** required: failing it means do not reboot; wanted: a warning. */
  level: 'required' | 'wanted';
  status: 'pass' | 'fail' | 'warn' | 'skip';
  title: string;
  text: string;
}

export interface NoteBoot {
  loader: LoaderType;
  /** The file that decides what boots (inside the root): grub.cfg, grub.conf, lilo.conf, extlinux.conf. */
  configFile: string;
  /** grubenv, GRUB legacy's 'default' file, or LILO's map, when one is used. */
  envFile?: string;
  /** How the default is chosen: saved_entry in grubenv, a line in the config, or the first entry. */
  defaultFrom: 'saved' | 'config' | 'first';
  /** 1-based line of the setting that chose the default (the parser's DefaultChoice.line), when a line did. */
  defaultLine?: number;
  /** The file defaultLine is in (inside the root); configFile when absent. */
  defaultFile?: string;
  /** The setting on that line as the file spells it: 'default', 'set default', 'ONTIMEOUT', 'saved_entry'... */
  defaultSetting?: string;
  /** The parser's one line for people on how the default was chosen (DefaultChoice.note). */
  defaultNote?: string;
  /** The entry that boots now without anyone touching the keyboard. */
  defaultEntry?: NoteBootEntry;
  entries: NoteBootEntry[];
  /** The known-good kernel's entry. */
  runningEntry?: NoteBootEntry;
  newEntry?: NoteBootEntry;
  /** /boot is its own partition: its files are at the partition's top, not under /boot. */
  bootIsSeparate: boolean;
  findings: NoteFinding[];
  verdict: 'safe' | 'unsafe';
}

export interface NoteInput {
  runId: string;
  host: string;
  user: string;
  /** 'saferpm' plus the command line as given. */
  commandLine: string;
  startedAt: string;
  status: RunRecord['status'];
  /** When the note was written (ISO 8601). */
  writtenAt: string;
  packages: PackageChange[];
  /** uname -r of the known-good (running) kernel. */
  runningKernel?: string;
  /** uname -r of kernels this run installed. */
  newKernels: string[];
  boot?: NoteBoot;
  plan?: PatchPlan;
  /** Why the plan file could not be used (it exists but is invalid). */
  planError?: string;
  /** --one-at-a-time: what was applied and what was not. */
  increments?: RunRecord['increments'];
  /**
   * Set when no saferpm run can be described (none recorded, or the latest
   * record is damaged): why, in a few words. The note then holds the boot
   * facts only and no undo commands (saferpm reboot, src/recovery/reboot/note.ts).
   */
  noRun?: string;
  /** saferpm reboot --trial and the trial's verdict (docs/trial-boot.md). */
  trial?: NoteTrial;
}

/** The note's input from a run record; boot and plan come from their own readers. */
export function noteInputFromRecord(record: RunRecord, extra: { boot?: NoteBoot; plan?: PatchPlan; planError?: string; now?: Date }): NoteInput {
  const input: NoteInput = {
    runId: record.id,
    host: record.host,
    user: record.user,
    commandLine: ['saferpm', ...record.commandLine].join(' '),
    startedAt: record.startedAt,
    status: record.status,
    writtenAt: (extra.now ?? new Date()).toISOString(),
    packages: record.packages,
    newKernels: newKernelVersions(record.packages),
  };
  if (record.runningKernel) input.runningKernel = record.runningKernel;
  if (record.increments) input.increments = record.increments;
  if (extra.boot) input.boot = extra.boot;
  if (extra.plan) input.plan = extra.plan;
  if (extra.planError) input.planError = extra.planError;
  return input;
}

/**
 * uname -r of each kernel this run added. Fedora/RHEL kernel packages are
 * built with KVERREL = version-release.arch (kernel.spec), so the image of
 * kernel-core-6.1.12-1.x86_64 is /boot/vmlinuz-6.1.12-1.x86_64.
 */
export function newKernelVersions(packages: readonly PackageChange[]): string[] {
  const found = new Set<string>();
  for (const p of packages) {
    if (!p.installOnly || !/^kernel(-core)?$/.test(p.name)) continue;
    for (const evr of addedEvrs(p)) found.add(`${evr.replace(/^\d+:/, '')}.${p.arch}`);
  }
  return [...found];
}

/** EVRs installed after the run that were not there before. */
export function addedEvrs(p: PackageChange): string[] {
  return p.after.filter((e) => !p.before.includes(e));
}

/** EVRs installed before the run that are gone after it. */
export function removedEvrs(p: PackageChange): string[] {
  return p.before.filter((e) => !p.after.includes(e));
}

/**
 * Whether a record's `boot` field already has the note's shape (until the live
 * boot check is plugged in), down to its entries and findings: a record
 * edited by hand must not make the note throw (a finding without a status did).
 */
export function isNoteBoot(v: unknown): v is NoteBoot {
  const b = v as Partial<NoteBoot> | undefined;
  return typeof b === 'object' && b !== null && LOADERS.includes(b.loader as LoaderType) && typeof b.configFile === 'string'
    && ['saved', 'config', 'first'].includes(b.defaultFrom as string) && Array.isArray(b.entries) && b.entries.every(isNoteEntry) && Array.isArray(b.findings) && b.findings.every(isFinding)
    && [b.defaultEntry, b.runningEntry, b.newEntry].every((e) => e === undefined || isNoteEntry(e))
    && [b.envFile, b.defaultFile, b.defaultSetting, b.defaultNote].every((x) => x === undefined || typeof x === 'string') && (b.defaultLine === undefined || typeof b.defaultLine === 'number')
    && (b.verdict === 'safe' || b.verdict === 'unsafe');
}

function isNoteEntry(v: unknown): boolean {
  const e = v as Partial<NoteBootEntry> | null;
  return typeof e === 'object' && e !== null && typeof e.index === 'string' && typeof e.title === 'string' && typeof e.kernel === 'string'
    && (e.id === undefined || typeof e.id === 'string') && (e.kernelVersion === undefined || typeof e.kernelVersion === 'string');
}

function isFinding(v: unknown): boolean {
  const f = v as Partial<NoteFinding> | null;
  return typeof f === 'object' && f !== null && ['pass', 'fail', 'warn', 'skip'].includes(f.status as string)
    && typeof f.level === 'string' && typeof f.title === 'string' && typeof f.text === 'string';
}
