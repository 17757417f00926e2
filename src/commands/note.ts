/** saferpm note: write the recovery note for the latest (or a given) run now, and say where it is. */
import type { Output } from '../output/output.js';
import { EXIT, SaferpmError } from '../errors.js';
import { joinRoot } from '../fs/rooted.js';
import type { BootVerdict } from '../bootloader/index.js';
import { runBootSection } from '../recovery/note/boot-read.js';
import { listRunIds, loadRecord } from '../record/store.js';
import { statePaths } from '../state/dirs.js';
import { noteInputFromRecord } from '../recovery/note/model.js';
import { writeNote } from '../recovery/note/write.js';
import { loadPlanForNote } from '../recovery/patch-plan/file.js';
import type { PatchPlan } from '../recovery/patch-plan/model.js';

export interface NoteOptions {
  root: string;
  runId?: string;
  /** A live boot check (checkBoot's verdict); without it, the verdict in the run record, else a boot check made now. */
  verdict?: BootVerdict;
  now?: Date;
}

export async function noteCommand(o: NoteOptions, out: Output): Promise<number> {
  const paths = await statePaths(o.root);
  const id = o.runId ?? (await listRunIds(paths)).at(-1);
  if (!id) {
    throw new SaferpmError(`no run records under ${paths.runs}: there is no run to write a note for`, EXIT.NOINPUT, "a saferpm rpm or dnf run writes one; 'saferpm history' lists them");
  }
  const record = await loadRecord(paths, id);
  const { plan, planError } = await readPlan(o.root, out);
  const { boot, error } = await runBootSection(o.root, record, o.verdict ?? record.boot);
  const input = noteInputFromRecord(record, { boot, plan, planError, now: o.now });
  const written = await writeNote(o.root, input);
  out.out(`recovery note for run ${id}:`);
  out.out(`  ${joinRoot(o.root, written.path)}`);
  if (written.latest) out.out(`  ${joinRoot(o.root, written.latest)} (latest)`);
  if (written.boot) out.out(`  ${joinRoot(o.root, written.boot)} (short copy on /boot)`);
  if (written.error) out.warn(written.error);
  if (error) out.warn(error);
  if (!boot) out.warn("no boot loader configuration was read (this run's record has no boot check, and none found now): the note cannot name the menu entry; run 'saferpm boot check'");
  return EXIT.OK;
}

/** An invalid plan must not stop the note: it is named in it instead. */
async function readPlan(root: string, out: Output): Promise<{ plan?: PatchPlan; planError?: string }> {
  const { plan, error } = await loadPlanForNote(root);
  if (error) {
    out.warn(`${error}; the note says the plan could not be read`);
    return { planError: error };
  }
  if (!plan) out.warn("no patch plan (/etc/saferpm/plan.toml): the note says so; write one with 'saferpm plan init'");
  return plan ? { plan } : {};
}
