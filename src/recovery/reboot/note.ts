/**
 * The note written before a reboot: the latest run's note with the live boot
 * check (as 'saferpm note' writes it), or, when no run can be described (none
 * recorded, or the latest record is damaged), a note with the boot facts
 * alone that says so. Either way the admin at the console gets the menu
 * entry of the known-good kernel and the rescue steps.
 */
import os from 'node:os';
import type { BootVerdict } from '../../bootloader/index.js';
import { bootSection } from '../note/boot-read.js';
import { noteInputFromRecord, type NoteInput } from '../note/model.js';
import { writeNote, type WrittenNote } from '../note/write.js';
import type { PatchPlan } from '../patch-plan/model.js';
import type { RunEntry } from '../history/read.js';
import type { NoteTrial } from '../note/trial.js';

export interface RebootNoteSource {
  root: string;
  verdict: BootVerdict;
  latest?: RunEntry;
  plan?: PatchPlan;
  planError?: string;
  /** The reboot's own command line (after 'saferpm'), for a note without a run. */
  commandLine: string[];
  now?: Date;
  /** saferpm reboot --trial: the trial the reboot starts. */
  trial?: NoteTrial;
}

export async function rebootNoteInput(src: RebootNoteSource): Promise<NoteInput> {
  const boot = bootSection(src.verdict);
  const extra = { ...(boot ? { boot } : {}), ...(src.plan ? { plan: src.plan } : {}), ...(src.planError ? { planError: src.planError } : {}) };
  const record = src.latest?.record;
  const input = record ? noteInputFromRecord(record, { ...extra, ...(src.now ? { now: src.now } : {}) }) : runlessInput(src, extra);
  if (!input.runningKernel && src.verdict.runningKernel) input.runningKernel = src.verdict.runningKernel;
  if (src.trial) input.trial = src.trial;
  return input;
}

export async function writeRebootNote(src: RebootNoteSource): Promise<{ input: NoteInput; written: WrittenNote }> {
  const input = await rebootNoteInput(src);
  return { input, written: await writeNote(src.root, input) };
}

/** Why there is no run to describe, in the words the note prints after "none: ". */
export function noRunReason(latest: RunEntry | undefined): string {
  if (!latest) return 'no saferpm run is recorded on this machine';
  return `the latest run record (${latest.id}) is damaged: ${latest.damaged ?? 'unreadable'}`;
}

/**
 * Named reboot-<time> (notes/reboot-20261127T143017Z.txt) so that it never
 * takes the name of a run's note.
 */
function runlessInput(src: RebootNoteSource, extra: { boot?: NoteInput['boot']; plan?: PatchPlan; planError?: string }): NoteInput {
  const now = (src.now ?? new Date()).toISOString();
  const v = src.verdict;
  const input: NoteInput = {
    runId: `reboot-${now.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`,
    host: os.hostname(),
    user: process.env.SUDO_USER || os.userInfo().username,
    commandLine: ['saferpm', ...src.commandLine].join(' '),
    startedAt: now,
    status: 'planned',
    writtenAt: now,
    packages: [],
    newKernels: v.kernel && v.kernel !== v.runningKernel ? [v.kernel] : [],
    noRun: noRunReason(src.latest),
    ...extra,
  };
  return input;
}
