/**
 * Keeping grubby's UPDATEDEFAULT=yes (/etc/sysconfig/kernel) from moving the
 * default before the verdict: set to no while a trial is in progress, put
 * back as it was afterwards (sysconfig-kernel.ts says why).
 */
import { readFile } from 'node:fs/promises';
import { resolveInRoot } from '../fs/rooted.js';
import { writeFileAtomic } from '../state/atomic.js';
import { replaceUpdateDefault, SYSCONFIG_KERNEL, updateDefaultLine } from './sysconfig-kernel.js';

export const PINNED_LINE = 'UPDATEDEFAULT=no # saferpm trial in progress; put back at the verdict';

/** Rewrites UPDATEDEFAULT=yes; returns the line it replaced, or undefined when there was nothing to do. */
export async function holdUpdateDefault(root: string): Promise<{ file: string; before: string } | undefined> {
  const host = await resolveInRoot(root, SYSCONFIG_KERNEL);
  const text = await readFile(host, 'utf8').catch(() => undefined);
  const found = text === undefined ? undefined : updateDefaultLine(text);
  if (!text || !found?.yes) return undefined;
  await writeFileAtomic(host, replaceUpdateDefault(text, found.line, PINNED_LINE), { mode: 0o644 });
  return { file: SYSCONFIG_KERNEL, before: found.line };
}

/** Puts the line back when saferpm's own line is still there (an admin's later edit wins). */
export async function releaseUpdateDefault(root: string, held: { file: string; before: string } | undefined): Promise<boolean> {
  if (!held) return false;
  const host = await resolveInRoot(root, held.file);
  const text = await readFile(host, 'utf8').catch(() => undefined);
  if (text === undefined || !text.includes(PINNED_LINE)) return false;
  await writeFileAtomic(host, replaceUpdateDefault(text, PINNED_LINE, held.before), { mode: 0o644 });
  return true;
}
