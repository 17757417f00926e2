/**
 * A run found dead: its record still says 'running' but the saferpm process
 * that wrote it is gone (SIGKILL, OOM, power cut). rpm may well have finished
 * the transaction without it (rpm does not die with its parent), so the
 * record's "nothing changed" would be a lie, and `undo` would find nothing to
 * undo. The record holds the versions before the run and the target of each
 * incoming package (saved before rpm started, src/run/transaction.ts); the
 * rpm database now says what really changed. The record is completed from it
 * (status 'interrupted', a warning saying so and when), the standby copies
 * are attached for undo, and the recovery note a kernel run owes is written.
 * Done by the next saferpm command that reads runs as root: history, undo,
 * or any transaction (which holds the lock, so no rpm of the dead run's
 * saferpm is started meanwhile).
 */
import type { Output } from '../../output/output.js';
import type { Context } from '../../context.js';
import { isSaferpmError } from '../../errors.js';
import { loadRecord, listRunIds, saveRecord } from '../../record/store.js';
import type { PackageChange, RunRecord } from '../../record/types.js';
import { evrString } from '../../rpm/package.js';
import { queryInstalled } from '../../rpm/query.js';
import { actionOf } from '../../run/versions.js';
import type { StatePaths } from '../../state/dirs.js';
import { processStartTime } from '../../state/lock.js';
import { runBootSection } from '../note/boot-read.js';
import { noteInputFromRecord } from '../note/model.js';
import { writeNote } from '../note/write.js';
import { loadPlanForNote, type PlanForNote } from '../patch-plan/file.js';
import { attachStandby } from '../standby/attach.js';

/** How many of the latest runs a transaction checks (a run that died is normally the one before). */
const RECENT = 5;

export function isDead(record: RunRecord): boolean {
  if (record.status !== 'running' || !record.process) return false;
  return processStartTime(record.process.pid) !== record.process.startTime;
}

/** Reconcile the latest runs that died (never `except`, the caller's own run). Failures are warnings. */
/** `patchPlan`: the patch plan the caller has read already (a run reads plan.toml once); without it, read here. */
export async function reconcileDeadRuns(ctx: Pick<Context, 'root' | 'rpm'>, paths: StatePaths, except: string | undefined, out: Output, patchPlan?: PlanForNote): Promise<void> {
  const ids = (await listRunIds(paths).catch(() => [] as string[])).filter((id) => id !== except).slice(-RECENT);
  for (const id of ids) {
    const record = await loadRecord(paths, id).catch(() => undefined);
    if (!record || !isDead(record)) continue;
    try {
      await reconcileDeadRun(ctx, paths, record, patchPlan);
      out.warn(`run ${id} died while its transaction ran; what changed was read from the rpm database ('saferpm history ${id}')`);
    } catch (e) {
      if (!isSaferpmError(e)) throw e;
      out.warn(`run ${id} died while its transaction ran, and could not be completed: ${e.message}`);
    }
  }
}

/** Complete a dead run's record from the rpm database, save it, and write the note it owes. */
export async function reconcileDeadRun(ctx: Pick<Context, 'root' | 'rpm'>, paths: StatePaths, record: RunRecord, patchPlan?: PlanForNote): Promise<RunRecord> {
  const names = [...new Set(record.packages.map((p) => p.name))];
  const now = await queryInstalled(ctx.rpm, names, true);
  record.packages = record.packages.map((p) => changed(p, now.filter((i) => i.name === p.name && (i.arch === p.arch || p.arch === 'noarch' || i.arch === 'noarch')).map(evrString).sort()));
  record.status = 'interrupted';
  record.diedAt = new Date().toISOString();
  const real = record.packages.filter((p) => p.action !== 'unchanged').length;
  record.warnings.push(`saferpm (pid ${record.process?.pid ?? '?'}) died while the transaction ran; ${real} package change${real === 1 ? '' : 's'} read from the rpm database by a later saferpm command at ${new Date().toISOString()}`);
  attachStandby(record);
  if (record.packages.some((p) => p.installOnly && p.action !== 'unchanged') && !record.note?.path) {
    const { plan, error } = patchPlan ?? (await loadPlanForNote(ctx.root));
    // The run died before its own boot check: the note gets one made now, for the kernels the database shows.
    const boot = await runBootSection(ctx.root, record, record.boot);
    if (boot.error) record.warnings.push(boot.error);
    record.note = await writeNote(ctx.root, noteInputFromRecord(record, { ...(boot.boot ? { boot: boot.boot } : {}), ...(plan ? { plan } : {}), ...(error ? { planError: error } : {}) }));
  }
  await saveRecord(paths, record);
  return record;
}

function changed(p: PackageChange, after: string[]): PackageChange {
  return { ...p, after, action: actionOf(p.before, after) };
}
