/** Saving the run record during a run, once the transaction has started. */
import { StateError } from '../errors.js';
import { saveRecord } from '../record/store.js';
import type { RunState } from './state.js';

/**
 * Save the record once the transaction has started. The system has changed by
 * then: a full or read-only state folder must not stop the boot check and the
 * note that follow (it did: a run ended at "record.json: cannot write: no
 * space left" with rpm's changes in place, and no boot check). The first
 * failure is a warning, and the run ends with EXIT.IOERR unless something
 * more serious happened (exit-code.ts).
 */
export async function saveProgress(run: RunState): Promise<void> {
  try {
    await saveRecord(run.paths, run.record);
    return;
  } catch (e) {
    if (!run.started || !(e instanceof StateError)) throw e;
    if (run.recordError !== undefined) return;
    run.recordError = e.message;
  }
  const msg = `the run record cannot be saved (${run.recordError}); the run goes on, its checks and note follow`;
  run.record.warnings.push(msg);
  run.out.warn(msg);
}
