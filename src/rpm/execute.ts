/**
 * Running one step of the plan with the real rpm: its output streams live
 * (hash marks as always), its stderr is also scanned for failures it reports
 * while exiting 0, and a SIGINT/SIGTERM to saferpm is passed on to rpm.
 */
import { runCommand } from '../exec/run.js';
import type { CommandRecord } from '../record/types.js';
import { withForceDebian } from './debian.js';
import { findProblems } from './problems.js';
import type { RpmInvocation } from './query.js';

export async function runRpmStep(rpm: RpmInvocation, args: string[], purpose: string): Promise<CommandRecord> {
  const startedAt = new Date().toISOString();
  const argv = await withForceDebian(rpm.binary, args);
  const r = await runCommand(rpm.binary, argv, { mode: 'live', forwardSignals: true, providedBy: 'rpm' });
  const record: CommandRecord = {
    argv: [rpm.binary, ...argv],
    purpose,
    exitCode: r.exitCode,
    startedAt,
    durationMs: Math.round(r.durationMs),
    problems: findProblems(r.stderr),
  };
  if (r.signal) record.signal = r.signal;
  else if (r.interrupted) record.signal = r.interrupted;
  return record;
}
