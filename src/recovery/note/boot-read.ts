/**
 * The note's boot section from whatever the caller has: a live BootVerdict
 * (checkBoot), the verdict stored in a run record, or a NoteBoot already.
 * Reads the boot loader's configuration file (inside the root) only to find
 * the line that sets the default.
 */
import type { BootVerdict, CheckResult, EntryRef } from '../../bootloader/index.js';
import { readRootedText } from '../../fs/rooted.js';
import { noteBootFromVerdict } from './boot.js';
import { isNoteBoot, type NoteBoot } from './model.js';

export async function bootSection(root: string, v: unknown): Promise<NoteBoot | undefined> {
  if (isNoteBoot(v)) return v;
  if (!isBootVerdict(v)) return undefined;
  const text = v.configFile ? await readRootedText(root, v.configFile).catch(() => undefined) : undefined;
  return noteBootFromVerdict(v, text);
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
    && [b.loader, b.configFile, b.envFile, b.blsDir].every((s) => s === undefined || typeof s === 'string')
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
