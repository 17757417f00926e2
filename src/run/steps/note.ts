/**
 * The recovery note, written once the transaction has started, whatever the
 * outcome, after any run that touched a kernel or a boot-critical package:
 * that is when an admin needs it most (src/recovery, docs/recovery-note.md).
 */
import { bootSection } from '../../recovery/note/boot-read.js';
import { noteInputFromRecord } from '../../recovery/note/model.js';
import { writeNote } from '../../recovery/note/write.js';
import { attachStandby } from '../../recovery/standby/attach.js';
import { skipStep, type SafetyStep } from '../state.js';
import { bootCriticalChanged, kernelChanged } from './boot.js';

export function noteStep(): SafetyStep {
  return {
    name: 'recovery note',
    required: false,
    async after(run) {
      if (!run.started) return skipStep('the transaction did not start');
      attachStandby(run.record); // every run: undo needs them whether or not a note is written (issue 16, 8)
      if (!(kernelChanged(run) || bootCriticalChanged(run))) return skipStep('no kernel or boot-critical package changed');
      const extra: Parameters<typeof noteInputFromRecord>[1] = {};
      const boot = bootSection(run.record.boot); // the boot step's verdict, when it ran
      if (boot) extra.boot = boot;
      if (run.patchPlan) extra.plan = run.patchPlan; // read once, before the run: the note does not read plan.toml again
      try {
        run.record.note = await writeNote(run.ctx.root, noteInputFromRecord(run.record, extra));
      } catch (e) {
        run.record.note = { path: '', error: (e as Error).message };
        throw e;
      }
      const where = [run.record.note.latest, run.record.note.boot].filter(Boolean).join(' and ');
      run.report.push({ rank: 6, title: 'Recovery note', lines: [`written to ${run.record.note.path}${where ? ` (copies: ${where})` : ''}`] });
    },
  };
}
