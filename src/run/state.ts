/** What one run carries from phase to phase. */
import type { Output } from '../cli/output.js';
import type { Context } from '../context.js';
import type { RpmCommandLine } from '../rpm/argv.js';
import type { RunRecord } from '../record/types.js';
import type { StatePaths } from '../state/dirs.js';
import type { Prepared } from './prepare.js';

export interface RunState {
  ctx: Context;
  cl: RpmCommandLine;
  prepared: Prepared;
  record: RunRecord;
  paths: StatePaths;
  /** ROOT/var/lib/saferpm/runs/<id> */
  dir: string;
  out: Output;
  /** Set once any rpm step has started: from then on a note is owed. */
  rpmStarted: boolean;
  /** Names of every package the run touches (for queries after). */
  names: string[];
  /** Set by a safety step that must change the exit code (the boot check: do not reboot). */
  exitOverride?: number;
}

/**
 * A safety step around the transaction (snapshot, config backup, standby,
 * integrity, boot check, note). `required` before-steps stop the run before
 * rpm starts when they fail; after-steps never hide rpm's own outcome: their
 * failures become warnings in the record.
 */
export interface SafetyStep {
  name: string;
  required: boolean;
  before?(run: RunState): Promise<void>;
  after?(run: RunState): Promise<void>;
}
