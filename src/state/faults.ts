/**
 * Fault injection for the reliability tests (RELIABILITY.md): a crash between
 * writing a temporary file and renaming it into place cannot be produced from
 * outside a process at the right instant. SAFERPM_FAULT=before-rename:<basename>
 * makes the process kill itself with SIGKILL at that point, exactly as a power
 * cut or an OOM kill would; before-rename:<basename>:<n> at the n-th write of
 * that file in this process (a run record is written after every stage, so
 * the 2nd write is the first one that replaces an earlier record). Unset in
 * normal use, and then it costs one lookup.
 */
import path from 'node:path';
import { testMode } from './test-mode.js';

export type FaultPoint = 'before-rename' | 'during-transaction';

/** Writes seen so far, by point and basename, for the :<n> form. */
const seen = new Map<string, number>();

export async function injectFault(point: FaultPoint, target: string): Promise<void> {
  const spec = process.env.SAFERPM_FAULT;
  if (!spec || !testMode()) return; // a root run honours it only in test mode (test-mode.ts)
  const [wanted, name, nth] = spec.split(':', 3);
  if (wanted !== point) return;
  if (name && name !== path.basename(target)) return;
  const key = `${point}:${path.basename(target)}`;
  const count = (seen.get(key) ?? 0) + 1;
  seen.set(key, count);
  if (nth !== undefined && count !== Number(nth)) return;
  process.kill(process.pid, 'SIGKILL');
  await new Promise(() => undefined); // SIGKILL is not delivered synchronously everywhere
}
