/**
 * Ctrl-C or SIGTERM before the transaction started: while the request was
 * read (dnf's --assumeno run or rpm's queries, which a terminal's signal
 * reaches too), or while saferpm checked and printed the plan. Nothing was
 * changed. saferpm says so in one line (even with -q), leaves a run record with status 'interrupted' so that
 * 'saferpm history' shows the attempt and who made it (a dry run leaves none:
 * it never does), writes --saferpm-report, and exits as shells report the
 * signal (130 for SIGINT, 143 for SIGTERM).
 */
import { EXIT } from '../errors.js';
import type { Output } from '../output/output.js';
import { createRunDir, newRecord, newRunId, saveRecord } from '../record/store.js';
import type { RunRecord } from '../record/types.js';
import { writeReport } from './report.js';
import { ensureStateDirs, statePaths } from '../state/dirs.js';
import type { Driver } from './driver.js';

export interface InterruptedInput {
  driver: Pick<Driver, 'tool' | 'commandLine' | 'ctx' | 'options'>;
  out: Output;
  signal: NodeJS.Signals;
  /** 'resolving': the request was being read (dnf's --assumeno run, rpm's queries); 'planned': the plan was made, the transaction had not started. */
  stage: 'resolving' | 'planned';
  plan?: RunRecord['plan'];
}

export async function interruptedBefore(input: InterruptedInput): Promise<number> {
  const { driver, out, signal } = input;
  const { ctx, options } = driver;
  const exitCode = signal === 'SIGTERM' ? EXIT.INTERRUPTED_TERM : EXIT.INTERRUPTED_INT;
  const message = `interrupted ${input.stage === 'resolving' ? 'while resolving' : 'before the transaction'}: nothing was changed`;
  out.notice(message);
  const record: RunRecord = {
    ...newRecord({ id: newRunId(), tool: driver.tool, commandLine: [...driver.commandLine], root: ctx.root }),
    status: 'interrupted', signal, exitCode, warnings: [message], finishedAt: new Date().toISOString(),
  };
  if (input.plan !== undefined) record.plan = input.plan;
  if (ctx.runningKernel) record.runningKernel = ctx.runningKernel;
  try {
    if (!options.dryRun && !options.changesNothing) {
      const paths = await statePaths(ctx.root);
      await ensureStateDirs(paths);
      await createRunDir(paths, record.id);
      await saveRecord(paths, record);
    }
    if (options.report) await writeReport(options.report, record);
  } catch (e) {
    // the signal's exit code stands: nothing was changed, only the record is missing
    out.warn(`no run record for the interrupted run: ${(e as Error).message}`);
  }
  return exitCode;
}
