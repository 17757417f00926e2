/**
 * One command of the transaction (rpm's steps, dnf) kept in the run record,
 * saved at once. A command killed by a signal saferpm did not send (kill -9,
 * the OOM killer) is not an ordinary failure: its transaction may be half
 * done, and the admin is told where to look.
 */
import type { CommandRecord } from '../record/types.js';
import { saveProgress } from './record-save.js';
import type { RunState } from './state.js';

export interface KilledAdvice {
  /** 'rpm ... during the kernels step', 'dnf'. */
  who: string;
  /** What may be half done, and where to look. */
  consequence: string;
}

export async function recordCommand(run: RunState, cmd: CommandRecord, killed: KilledAdvice): Promise<void> {
  run.record.commands.push(cmd);
  if (cmd.signal && !run.guard.signal) {
    const msg = `${killed.who} was killed by ${cmd.signal}${killed.consequence}`;
    run.record.warnings.push(msg);
    run.out.warn(msg);
  }
  await saveProgress(run);
}
