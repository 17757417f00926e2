/**
 * One syslog line per trial verdict, as every run gets one (src/run/steps/
 * log.ts, docs/logging.md): tag saferpm, facility authpriv; notice for
 * promoted, warning for unhealthy and fell back. Logging never fails the
 * verdict: a missing or failing logger is returned as a message.
 */
import { runCommand } from '../exec/run.js';
import { LOG_PRIORITY, LOG_PRIORITY_WARNING, LOG_TAG } from '../run/steps/log.js';
import type { Trial } from './model.js';

function quote(v: string): string {
  const clean = v.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return /^[\w@%+:,./-]+$/.test(clean) ? clean : `"${clean.replace(/["\\]/g, '\\$&')}"`;
}

/** Pure. */
export function trialLoggerArgs(t: Trial): string[] {
  const fields: [string, string][] = [['trial', t.id], ['status', t.status], ['kernel', t.kernel], ['known_good', t.knownGood], ['run', t.runId ?? '-']];
  if (t.reason) fields.push(['reason', t.reason]);
  const priority = t.status === 'promoted' || t.status === 'checking' || t.status === 'armed' ? LOG_PRIORITY : LOG_PRIORITY_WARNING;
  return ['-p', priority, '-t', LOG_TAG, '--', fields.map(([k, v]) => `${k}=${quote(v)}`).join(' ')];
}

export async function logTrial(t: Trial): Promise<string | undefined> {
  try {
    const r = await runCommand('logger', trialLoggerArgs(t), { timeoutMs: 5000, providedBy: 'bsdutils' });
    return r.exitCode === 0 ? undefined : `no syslog line for trial ${t.id}: logger exited ${r.exitCode}`;
  } catch (e) {
    return `no syslog line for trial ${t.id}: ${(e as Error).message}`;
  }
}
