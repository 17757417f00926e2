/**
 * Ctrl-C or SIGTERM before dnf's transaction started: while dnf resolved the
 * request (the --assumeno run, which the signal reaches too), or while saferpm
 * checked and printed the plan. Nothing was changed. saferpm says so in one
 * line (even with -q), leaves a run record with status 'interrupted' so that
 * 'saferpm history' shows the attempt and who made it (a dry run leaves none:
 * it never does), writes --saferpm-report, and exits as shells report the
 * signal (130 for SIGINT, 143 for SIGTERM).
 */
import { EXIT } from '../errors.js';
import type { Output } from '../output/output.js';
import type { Context } from '../context.js';
import { createRunDir, newRecord, newRunId, saveRecord } from '../record/store.js';
import type { RunRecord } from '../record/types.js';
import { writeReport } from '../run/report.js';
import { ensureStateDirs, statePaths } from '../state/dirs.js';
import type { DnfCommandLine } from './argv.js';
import type { DnfPlan } from './plan.js';

export interface InterruptedInput {
  cl: DnfCommandLine;
  ctx: Context;
  out: Output;
  signal: NodeJS.Signals;
  /** 'resolving': dnf's --assumeno run had not answered yet; 'planned': the plan was made, dnf had not started. */
  stage: 'resolving' | 'planned';
  plan?: DnfPlan;
}

export async function interruptedBefore(input: InterruptedInput): Promise<number> {
  const { cl, ctx, out, signal } = input;
  const exitCode = signal === 'SIGTERM' ? EXIT.INTERRUPTED_TERM : EXIT.INTERRUPTED_INT;
  const message = `interrupted ${input.stage === 'resolving' ? 'while resolving' : 'before the transaction'}: nothing was changed`;
  out.notice(message);
  const record: RunRecord = {
    ...newRecord({ id: newRunId(), tool: cl.tool, commandLine: [...cl.argv], root: ctx.root }),
    status: 'interrupted', signal, exitCode, warnings: [message], finishedAt: new Date().toISOString(),
  };
  if (input.plan !== undefined) record.plan = input.plan;
  if (ctx.runningKernel) record.runningKernel = ctx.runningKernel;
  try {
    if (!cl.saferpm.dryRun) {
      const paths = await statePaths(ctx.root);
      await ensureStateDirs(paths);
      await createRunDir(paths, record.id);
      await saveRecord(paths, record);
    }
    if (cl.saferpm.report) await writeReport(cl.saferpm.report, record);
  } catch (e) {
    // the signal's exit code stands: nothing was changed, only the record is missing
    out.warn(`no run record for the interrupted run: ${(e as Error).message}`);
  }
  return exitCode;
}
