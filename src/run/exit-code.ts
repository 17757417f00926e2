/**
 * The exit code of an applied run, most serious first: an interruption; rpm's
 * own failure (its code, as rpm -U would have exited); the boot check's "do
 * not reboot"; a run record that could not be saved; failures rpm reported
 * while exiting 0; success.
 */
import { EXIT } from '../errors.js';
import type { RunState } from './state.js';

export function runExitCode(run: RunState): number {
  const { record } = run;
  if (record.status === 'interrupted') return record.signal === 'SIGTERM' ? EXIT.INTERRUPTED_TERM : EXIT.INTERRUPTED_INT;
  const failed = record.commands.find((c) => c.exitCode !== 0);
  // rpm refused a package whose digests do not match before changing anything: bad input, as saferpm's own checks say it
  if (failed?.problems.some((p) => / does not verify: /.test(p))) return EXIT.DATAERR;
  if (failed) return failed.exitCode;
  if (run.exitOverride !== undefined) return run.exitOverride;
  if (run.recordError !== undefined) return EXIT.IOERR;
  if (record.commands.some((c) => c.problems.length > 0)) return EXIT.RPM_PROBLEMS;
  return EXIT.OK;
}
