/**
 * Fault injection for the reliability tests (RELIABILITY.md): a crash between
 * writing a temporary file and renaming it into place cannot be produced from
 * outside a process at the right instant. SAFERPM_FAULT=before-rename:<basename>
 * makes the process kill itself with SIGKILL at that point, exactly as a power
 * cut or an OOM kill would. Unset in normal use, and then it costs one lookup.
 */
import path from 'node:path';

export type FaultPoint = 'before-rename' | 'during-transaction';

export async function injectFault(point: FaultPoint, target: string): Promise<void> {
  const spec = process.env.SAFERPM_FAULT;
  if (!spec) return;
  const [wanted, name] = spec.split(':', 2);
  if (wanted !== point) return;
  if (name && name !== path.basename(target)) return;
  process.kill(process.pid, 'SIGKILL');
  await new Promise(() => undefined); // SIGKILL is not delivered synchronously everywhere
}
