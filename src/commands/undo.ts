/**
 * saferpm undo ID: put the machine back as it was before run ID, through the
 * same safe path as any saferpm run (src/recovery/undo/steps.ts). First the
 * state is checked: a package that is no longer as the record left it is
 * said and left alone. A needed standby copy that is missing refuses the
 * whole undo (exit 79, nothing changed) unless --skip-missing; so does an
 * erase of the running kernel. --restore-config then puts the configuration
 * files saved before the run back (saferpm restore ID).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Output } from '../output/output.js';
import { makeContext, requireRootFor, type Context } from '../context.js';
import { EXIT, RefusedError, isSaferpmError } from '../errors.js';
import { describeCommand } from '../exec/run.js';
import { statRooted } from '../fs/rooted.js';
import { checkBoot, verdictLine } from '../bootloader/index.js';
import { loadRecord, runDir } from '../record/store.js';
import type { RunRecord } from '../record/types.js';
import { nevra } from '../rpm/package.js';
import { isRunning } from '../rpm/plan-erase.js';
import { queryInstalled } from '../rpm/query.js';
import { loadPatchPolicy } from '../run/policy.js';
import { isBootCritical } from '../recovery/patch-plan/model.js';
import { verifyStandbyCopies } from '../recovery/standby/verify.js';
import { isDead, reconcileDeadRun } from '../recovery/history/dead.js';
import { newUndoLog, saveUndoLog, type UndoLog } from '../recovery/undo/log.js';
import { commandText } from '../recovery/note/text.js';
import { kernelArg } from '../recovery/reboot/check.js';
import { decideUndo, saferpmSteps, standbyFiles, type SaferpmStep, type UndoDecision } from '../recovery/undo/steps.js';
import { statePaths } from '../state/dirs.js';
import { acquireLock } from '../state/lock.js';
import { restoreCommand } from './restore.js';
import { runRpm } from './rpm.js';

export interface UndoOptions {
  id: string;
  root?: string;
  runningKernel?: string;
  dryRun?: boolean;
  restoreConfig?: boolean;
  skipMissing?: boolean;
}

export async function undoCommand(o: UndoOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root, ...(o.runningKernel !== undefined ? { runningKernel: kernelArg('--running-kernel', o.runningKernel) } : {}) });
  if (!o.dryRun) requireRootFor(ctx, 'undoing a run');
  const paths = await statePaths(ctx.root);
  let record = await loadRecord(paths, o.id);
  if (isDead(record) && process.geteuid?.() === 0) record = await reconcileDeadRun(ctx, paths, record); // rpm may have finished without saferpm
  const decision = await decide(ctx, record, Boolean(o.skipMissing));
  for (const l of decision.left) out.info(l.reason);
  if (decision.missing.length) throw missingError(o.id, decision.missing);
  await refuseRunningKernel(ctx, decision);
  const used = [...decision.plan.downgrade, ...decision.plan.reinstall].flatMap((s) => (s.file ? [s.file] : []));
  const stage = o.dryRun ? undefined : path.join(runDir(paths, record.id), `undo-packages-${Date.now()}`);
  const staged = await verifyStandbyCopies(ctx.root, record, used, ctx.rpm, stage);
  try {
    return await planAndRun(ctx, o, record, decision, staged.paths, out);
  } finally {
    if (staged.dir) await rm(staged.dir, { recursive: true, force: true });
  }
}

async function planAndRun(ctx: Context, o: UndoOptions, record: RunRecord, decision: UndoDecision, staged: Map<string, string>, out: Output): Promise<number> {
  const steps = saferpmSteps(decision.plan, { root: ctx.root, ...(o.runningKernel ? { runningKernel: o.runningKernel } : {}), hostPath: (p) => staged.get(p) ?? p });
  const restore = o.restoreConfig ? configRestore(record, ctx.root) : undefined;
  if (!restore && steps.length > 0 && configFilesSaved(record) > 0) out.info(`configuration files saved before run ${o.id} are not restored; add --restore-config, or run 'saferpm restore ${o.id}' afterwards`);
  if (steps.length === 0 && !restore) {
    out.out(`nothing to undo for run ${o.id}`);
    return EXIT.OK;
  }
  if (o.dryRun) return printPlan(o.id, [...steps, ...(restore ? [restore] : [])], out);
  return execute(ctx, o, record, steps, restore, decision, out);
}

async function decide(ctx: Context, record: RunRecord, skipMissing: boolean): Promise<UndoDecision> {
  const names = [...new Set(record.packages.map((p) => p.name))];
  const installedNow = await queryInstalled(ctx.rpm, names);
  const existing = new Set<string>();
  for (const f of standbyFiles(record.packages)) if ((await statRooted(ctx.root, f).catch(() => undefined))?.isFile()) existing.add(f);
  return decideUndo(record.packages, installedNow, { existing, skipMissing });
}

function missingError(id: string, missing: string[]): RefusedError {
  return new RefusedError(
    `cannot undo run ${id}: no standby copy of ${missing.join(', ')}; nothing was changed`,
    `put the package files into a standby_dirs folder of /etc/saferpm/plan.toml (e.g. 'dnf download ${missing[0]?.split(' ')[0] ?? 'NAME'}'), or give --skip-missing to undo the rest`,
  );
}

/** Checked before anything runs; saferpm -e checks again (src/rpm/passthrough.ts). */
async function refuseRunningKernel(ctx: Context, d: UndoDecision): Promise<void> {
  if (!ctx.runningKernel || d.plan.erase.length === 0) return;
  const targets = await queryInstalled(ctx.rpm, d.plan.erase);
  const running = targets.filter((p) => isRunning(p, ctx.runningKernel));
  if (running.length === 0) return;
  throw new RefusedError(
    `cannot undo: it would erase ${running.map(nevra).join(', ')}, the running kernel (${ctx.runningKernel}); nothing was changed`,
    'boot the kernel that was running before the run (the recovery note says which menu entry), then run saferpm undo again',
  );
}

function configFilesSaved(record: RunRecord): number {
  return record.audit?.configBackup?.files ?? 0;
}

function configRestore(record: RunRecord, root: string): SaferpmStep | undefined {
  if (configFilesSaved(record) === 0) return undefined;
  return { kind: 'restore-config', argv: ['restore', record.id, ...(root !== '/' ? ['--root', root] : [])] };
}

function printPlan(id: string, steps: SaferpmStep[], out: Output): number {
  const lines = [`Undo of run ${id} (dry run: nothing is changed):`];
  steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s.kind}:`, ...commandText(describeCommand('saferpm', s.argv), '     '), '     (dry run: command not executed)'));
  out.out(lines.join('\n'));
  return EXIT.OK;
}

async function execute(ctx: Context, o: UndoOptions, record: RunRecord, steps: SaferpmStep[], restore: SaferpmStep | undefined, d: UndoDecision, out: Output): Promise<number> {
  const dir = runDir(await statePaths(ctx.root), record.id);
  const log: UndoLog = { ...newUndoLog(record.id), left: d.left };
  let failed: number | undefined;
  try {
    for (const step of steps) {
      out.info(`undo: ${describeCommand('saferpm', step.argv)}`);
      const code = await runLogged(ctx, step, log, dir, out);
      // 80 is the boot check's "do not reboot" after a downgrade: the erase that follows may be the cure; the final check decides.
      if (code !== EXIT.OK && code !== EXIT.BOOT_UNSAFE) {
        failed = code;
        break;
      }
    }
  } catch (e) {
    await saveUndoLog(dir, { ...log, finishedAt: new Date().toISOString(), exitCode: isSaferpmError(e) ? e.exitCode : EXIT.SOFTWARE });
    throw e;
  }
  if (failed === undefined && restore) {
    const code = await restoreCommand({ root: ctx.root, runId: record.id, files: [], dryRun: false }, out);
    log.steps.push({ kind: 'restore-config', argv: restore.argv, exitCode: code });
  }
  const exitCode = failed ?? (await finalCheck(ctx, record, d, out));
  await saveUndoLog(dir, { ...log, finishedAt: new Date().toISOString(), exitCode });
  if (failed !== undefined) out.error(`undo of run ${o.id} stopped: a step failed (exit ${failed}); 'saferpm history ${o.id}' shows what ran`);
  return exitCode;
}

/** One step through saferpm's own rpm path; rpm -e takes the root lock here, as -U/-i take it themselves. */
async function runLogged(ctx: Context, step: SaferpmStep, log: UndoLog, dir: string, out: Output): Promise<number> {
  const entry = { kind: step.kind, argv: step.argv, exitCode: null as number | null };
  log.steps.push(entry);
  await saveUndoLog(dir, log);
  const lock = step.kind === 'erase' ? await acquireLock((await statePaths(ctx.root)).lock, `saferpm ${step.argv.join(' ')}`.slice(0, 200)) : undefined;
  try {
    entry.exitCode = await runRpm(step.argv, out);
  } catch (e) {
    entry.exitCode = isSaferpmError(e) ? e.exitCode : EXIT.SOFTWARE;
    throw e;
  } finally {
    await lock?.release();
  }
  await saveUndoLog(dir, log);
  return entry.exitCode;
}

/**
 * After an undo that touched a kernel or a boot-critical package, the boot
 * check of the machine as it is now decides the exit code (0 or 80), as after
 * any saferpm run.
 */
async function finalCheck(ctx: Context, record: RunRecord, d: UndoDecision, out: Output): Promise<number> {
  const { policy } = await loadPatchPolicy(ctx.root);
  const undone = d.states.filter((s) => s.state === 'as-recorded').map((s) => s.change);
  if (!undone.some((p) => p.installOnly || isBootCritical(p.name, policy))) return EXIT.OK;
  const v = await checkBoot({ root: ctx.root, ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}) });
  const line = `after undoing run ${record.id}: ${verdictLine(v)}`;
  if (v.safe) out.info(line);
  else out.error(`${line} ('saferpm boot check' shows every check)`);
  return v.safe ? EXIT.OK : EXIT.BOOT_UNSAFE;
}
