/**
 * One line per run in syslog (the journal), through logger(1) with an
 * argument vector: who changed what on this machine, and the verdict.
 *
 * Facility authpriv: the one for privileged actions (sudo and su log there),
 * which rsyslog on RHEL and Fedora writes to /var/log/secure (root only) and
 * the journal keeps with SYSLOG_FACILITY=10. Tag 'saferpm' (journalctl -t
 * saferpm). Priority notice for a run that succeeded, warning for one that
 * failed, was interrupted, or whose boot check says do not reboot.
 * Logging never fails a run: a missing or failing logger is a warning.
 * docs/logging.md describes the line.
 */
import { runCommand } from '../../exec/run.js';
import type { RunRecord } from '../../record/types.js';
import { runExitCode } from '../exit-code.js';
import type { RunState, SafetyStep } from '../state.js';

export const LOG_TAG = 'saferpm';
export const LOG_PRIORITY = 'authpriv.notice';
export const LOG_PRIORITY_WARNING = 'authpriv.warning';

/** The logger(1) argument vector for one run. */
export function loggerArgs(record: RunRecord, exitCode: number): string[] {
  const priority = needsAttention(record, exitCode) ? LOG_PRIORITY_WARNING : LOG_PRIORITY;
  return ['-p', priority, '-t', LOG_TAG, '--', logLine(record, exitCode)];
}

/** key=value fields on one line; values with spaces are double-quoted. Pure. */
export function logLine(record: RunRecord, exitCode: number): string {
  const changed = record.packages.filter((p) => p.action !== 'unchanged' && p.action !== 'skipped');
  const counts = new Map<string, number>();
  for (const p of changed) counts.set(p.action, (counts.get(p.action) ?? 0) + 1);
  const kernels = record.packages.filter((p) => p.installOnly);
  const added = unique(kernels.flatMap((p) => p.after.filter((v) => !p.before.includes(v))));
  const removed = unique(kernels.flatMap((p) => p.before.filter((v) => !p.after.includes(v))));
  const fields: [string, string][] = [
    ['run', record.id],
    ['tool', record.tool],
    ['status', record.status],
    ['exit', String(exitCode)],
    ['user', record.user],
    ['root', record.root],
    ['changed', String(changed.length)],
    ...[...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]): [string, string] => [k, String(n)]),
    ['kernels_added', added.join(',') || '-'],
    ['kernels_removed', removed.join(',') || '-'],
    ['boot', bootVerdict(record)],
  ];
  if (record.note?.path) fields.push(['note', record.note.path]);
  return fields.map(([k, v]) => `${k}=${quoteValue(v)}`).join(' ');
}

function bootVerdict(record: RunRecord): string {
  const boot = record.boot;
  if (!boot || !('safe' in boot)) return 'not-checked'; // a note's boot section is no check of this run
  return boot.safe ? 'safe-to-reboot' : `do-not-reboot: ${boot.reasons[0] ?? 'see the run record'}`;
}

function needsAttention(record: RunRecord, exitCode: number): boolean {
  return exitCode !== 0 || record.status !== 'succeeded';
}

function quoteValue(v: string): string {
  const clean = v.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return /^[\w@%+:,./-]+$/.test(clean) ? clean : `"${clean.replace(/["\\]/g, '\\$&')}"`;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

export function logStep(): SafetyStep {
  // A run a safety step refused (no standby copy, a backup that cannot be written) is logged too.
  const log = async (run: RunState): Promise<void> => {
    const exit = run.record.exitCode ?? runExitCode(run);
    const r = await runCommand('logger', loggerArgs(run.record, exit), { timeoutMs: 5000, providedBy: 'bsdutils' }).catch((e: Error) => {
      throw new Error(`no syslog line for run ${run.record.id}: ${e.message} (RHEL: dnf install util-linux)`);
    });
    if (r.exitCode !== 0) {
      throw new Error(`no syslog line for run ${run.record.id}: logger exited ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`);
    }
  };
  return { name: 'log', required: false, after: log, refused: log };
}
