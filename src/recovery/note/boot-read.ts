/**
 * The note's boot section from whatever the caller has: a live BootVerdict
 * (checkBoot), the verdict stored in a run record, or a NoteBoot already;
 * and, for a caller that has none of these (saferpm note on a run without a
 * boot check, a dead run's completion), one boot check of the root now,
 * made by the same module (src/bootloader checkBoot) as the run's own.
 */
import { checkBoot, sortKernels, type BootVerdict, type CheckResult, type EntryRef } from '../../bootloader/index.js';
import type { RunRecord } from '../../record/types.js';
import { noteBootFromVerdict } from './boot.js';
import { isNoteBoot, newKernelVersions, type NoteBoot } from './model.js';

/** The note's boot section from a NoteBoot or a verdict; undefined for anything else. Pure. */
export function bootSection(v: unknown): NoteBoot | undefined {
  if (isNoteBoot(v)) return v;
  return isBootVerdict(v) ? noteBootFromVerdict(v) : undefined;
}

export interface RunBoot {
  boot?: NoteBoot;
  /** Set when the boot check had to be made now and failed. */
  error?: string;
}

/**
 * The boot section for a run's note: from `given` (a live verdict, or the
 * record's boot field), else from one boot check of the root now, for the
 * run's running kernel and the newest kernel it installed.
 */
export async function runBootSection(root: string, record: Pick<RunRecord, 'runningKernel' | 'packages'>, given: unknown): Promise<RunBoot> {
  if (isNoteBoot(given) || isBootVerdict(given)) return { boot: bootSection(given) as NoteBoot };
  const o: Parameters<typeof checkBoot>[0] = { root };
  if (record.runningKernel) o.runningKernel = record.runningKernel;
  const newest = sortKernels(newKernelVersions(record.packages)).at(-1);
  if (newest) o.kernel = newest;
  try {
    const boot = noteBootFromVerdict(await checkBoot(o));
    return boot ? { boot } : {};
  } catch (e) {
    return { error: `the boot check for the note failed: ${(e as Error).message}` };
  }
}

/**
 * A verdict as checkBoot makes it, down to what the note and history read
 * of it: one stored in a record edited by hand must not make them throw
 * ("reasons": false and a check without a status did).
 */
export function isBootVerdict(v: unknown): v is BootVerdict {
  const b = v as Partial<BootVerdict> | undefined;
  return typeof b === 'object' && b !== null && b.schema === 'saferpm.boot-verdict/1' && typeof b.safe === 'boolean'
    && Array.isArray(b.reasons) && b.reasons.every((r) => typeof r === 'string')
    && Array.isArray(b.entries) && b.entries.every(isEntryRef) && Array.isArray(b.checks) && b.checks.every(isCheck)
    && [b.nextBoot, b.fallback, b.newEntry, b.loaderFallback].every((e) => e === undefined || isEntryRef(e))
    && [b.loader, b.configFile, b.envFile, b.blsDir, b.savedDefaultFile].every((s) => s === undefined || typeof s === 'string')
    && [b.default, b.bootPrefix].every((o) => o === undefined || (typeof o === 'object' && o !== null));
}

function isEntryRef(v: unknown): boolean {
  const e = v as Partial<EntryRef> | null;
  return typeof e === 'object' && e !== null && typeof e.index === 'string' && typeof e.title === 'string' && typeof e.linux === 'boolean'
    && [e.id, e.kernel, e.kernelPath, e.version].every((s) => s === undefined || typeof s === 'string');
}

function isCheck(v: unknown): boolean {
  const c = v as Partial<CheckResult> | null;
  return typeof c === 'object' && c !== null && ['pass', 'fail', 'warn', 'skip'].includes(c.status as string)
    && typeof c.level === 'string' && typeof c.title === 'string' && typeof c.finding === 'string';
}
