/**
 * saferpm history [ID]: the run records oldest first (a damaged one is a line
 * that says so), then the reboots; with ID, one run in full (src/recovery/history/).
 */
import { access, constants, stat } from 'node:fs/promises';
import type { Output } from '../output/output.js';
import { makeContext, resolveRoot } from '../context.js';
import { EXIT, PermissionError, SaferpmError } from '../errors.js';
import { joinRoot, statRooted } from '../fs/rooted.js';
import { runDir } from '../record/store.js';
import { reconcileDeadRuns } from '../recovery/history/dead.js';
import { readRunEntry, readRuns } from '../recovery/history/read.js';
import { renderRun, type RunDetails } from '../recovery/history/show.js';
import { renderReboots, renderRunTable, summarize } from '../recovery/history/table.js';
import { noteFileFor } from '../recovery/note/paths.js';
import { undoCommands, undoPlan, missingStandby } from '../recovery/note/undo.js';
import { readRebootLog, REBOOT_LOG } from '../recovery/reboot/log.js';
import { readUndoLogs } from '../recovery/undo/log.js';
import { statePaths, type StatePaths } from '../state/dirs.js';
import { historyLine } from '../trial/render.js';
import { listTrials, TRIAL_DIR } from '../trial/store.js';

export interface HistoryOptions {
  root?: string;
  id?: string;
  json?: boolean;
}

export async function historyCommand(o: HistoryOptions, out: Output): Promise<number> {
  const root = resolveRoot(o.root);
  const paths = await statePaths(root);
  await checkReadable(paths);
  // a run that died while rpm ran is completed from the rpm database first (root only: it writes the record)
  if (process.geteuid?.() === 0) await reconcileDeadRuns(makeContext({ root }), paths, undefined, out);
  return o.id ? showRun(root, paths, o.id, Boolean(o.json), out) : listRuns(paths, Boolean(o.json), out);
}

async function listRuns(paths: StatePaths, json: boolean, out: Output): Promise<number> {
  const [entries, log, trials] = await Promise.all([readRuns(paths), readRebootLog(paths), listTrials(paths)]);
  if (json) {
    out.out(JSON.stringify({ runs: entries.map(summarize), reboots: log.entries, trials: trials.trials }, null, 2));
    return EXIT.OK;
  }
  if (entries.length === 0) out.out(`no runs recorded under ${paths.runs}`);
  else out.out(renderRunTable(entries).join('\n'));
  if (log.entries.length > 0) out.out(['', `Reboots (${REBOOT_LOG}):`, ...renderReboots(log.entries)].join('\n'));
  if (trials.trials.length > 0) out.out(['', `Trial boots (${TRIAL_DIR}/):`, ...trials.trials.map(historyLine)].join('\n'));
  if (log.unreadable > 0) out.warn(`${log.unreadable} line${log.unreadable === 1 ? '' : 's'} of ${REBOOT_LOG} could not be read`);
  return EXIT.OK;
}

async function showRun(root: string, paths: StatePaths, id: string, json: boolean, out: Output): Promise<number> {
  const entry = await readRunEntry(paths, id);
  if (!entry.record) {
    if (entry.damaged.startsWith('record.json is missing') && !(await stat(runDir(paths, id)).catch(() => undefined))) {
      throw new SaferpmError(`no run ${id} under ${paths.runs}`, EXIT.NOINPUT, "'saferpm history' lists the runs");
    }
    throw new SaferpmError(`run ${id}: ${entry.damaged}`, EXIT.DATAERR, `look at ${runDir(paths, id)}; the other runs are unaffected`);
  }
  const notePath = entry.record.note?.path || noteFileFor(id);
  const details: RunDetails = {
    record: entry.record,
    note: { hostPath: joinRoot(root, notePath), exists: Boolean((await statRooted(root, notePath))?.isFile()) },
    reboots: (await readRebootLog(paths)).entries.filter((e) => e.runId === id),
    undos: await readUndoLogs(runDir(paths, id)),
  };
  if (json) {
    const plan = undoPlan(entry.record.packages);
    out.out(JSON.stringify({ ...details, undo: { commands: undoCommands(plan), missingStandby: missingStandby(plan) } }, null, 2));
  } else {
    out.out(renderRun(details).join('\n'));
    const t = entry.record.trial;
    if (t) out.out(['', `Trial boot ${t.id}: ${t.status}${t.reason ? ` (${t.reason})` : ''}`, ...t.steps.map((x) => `  ${x.at}  ${x.ok ? 'ok  ' : 'FAIL'}  ${x.step}: ${x.detail}`)].join('\n'));
  }
  return EXIT.OK;
}

/** The state folder is root's (mode 0700): say so rather than list no runs. */
async function checkReadable(paths: StatePaths): Promise<void> {
  const denied = await access(paths.dir, constants.R_OK | constants.X_OK).then(() => false, (e: NodeJS.ErrnoException) => e.code === 'EACCES');
  if (denied) throw new PermissionError(`${paths.dir}: permission denied; the run records are readable by root only`, 'run it with sudo');
}
