/**
 * saferpm reboot: the guard in front of every reboot. Under the root lock (a
 * patch run in progress makes it refuse, exit 75): the boot check, the
 * recovery note (it must be written, or nothing reboots), a line in
 * reboots.log, then the plan's reboot command. A failed required check
 * refuses (exit 80) unless --force, which says loudly what it ignores and
 * logs it. --dry-run does all of it but the reboot.
 */
import { trustedProgram } from '../state/test-mode.js';
import type { Output } from '../output/output.js';
import { makeContext, requireRootFor, type Context } from '../context.js';
import { EXIT, SaferpmError, UsageError } from '../errors.js';
import { describeCommand } from '../exec/run.js';
import { joinRoot } from '../fs/rooted.js';
import { renderBootVerdict, verdictLine, type BootVerdict } from '../bootloader/index.js';
import { latestRun, type RunEntry } from '../recovery/history/read.js';
import type { WrittenNote } from '../recovery/note/write.js';
import { loadPlanForNote } from '../recovery/patch-plan/file.js';
import { effectivePolicy } from '../recovery/patch-plan/model.js';
import { liveVerdict } from '../recovery/reboot/check.js';
import { mailNote } from '../recovery/note/mail.js';
import type { PatchPlan } from '../recovery/patch-plan/model.js';
import { rebootFailed, runRebootCommand } from '../recovery/reboot/command.js';
import { appendRebootLog, REBOOT_LOG, type NewRebootLogEntry } from '../recovery/reboot/log.js';
import { noRunReason, writeRebootNote } from '../recovery/reboot/note.js';
import { ensureStateDirs, statePaths, type StatePaths } from '../state/dirs.js';
import { acquireLock } from '../state/lock.js';
import type { Trial } from '../trial/model.js';
import { abandonAfterFailedReboot, armForReboot, trialGate, type TrialGateResult } from './reboot-trial.js';

export interface RebootOptions {
  root?: string;
  kernel?: string;
  runningKernel?: string;
  force?: boolean;
  dryRun?: boolean;
  /** Boot the new kernel once; the known-good one stays the default (docs/trial-boot.md). */
  trial?: boolean;
}

export async function rebootCommand(o: RebootOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root, runningKernel: o.runningKernel });
  requireRootFor(ctx, 'saferpm reboot');
  const paths = await statePaths(ctx.root);
  await ensureStateDirs(paths);
  // Held until the reboot command returns ('systemctl reboot' only queues the job), so no
  // patch run can start between the check and the reboot; a lock left by the reboot is stale
  // at the next boot and taken over (src/state/lock.ts).
  const lock = await acquireLock(paths.lock, `saferpm ${commandLineOf(o, ctx).join(' ')}`);
  try {
    return await guarded(ctx, o, paths, out);
  } finally {
    await lock.release();
  }
}

async function guarded(ctx: Context, o: RebootOptions, paths: StatePaths, out: Output): Promise<number> {
  const verdict = await liveVerdict({ root: ctx.root, ...(o.kernel ? { kernel: o.kernel } : {}), ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}) });
  out.out(renderBootVerdict(verdict));
  const { plan, error: planError } = await loadPlanForNote(ctx.root);
  if (planError) out.warn(`${planError}; the note says the plan could not be read`);
  const latest = await latestRun(paths);
  if (o.trial && o.force) throw new UsageError('--trial and --force cannot go together: a trial boot needs a machine that passes the boot check');
  const gate = o.trial ? await trialGate(ctx.root, paths, verdict, plan, latest, out) : undefined;
  const trialNote = gate ? { trial: { ...gate.planned, ...(gate.failed.length ? { status: 'refused', reason: gate.failed.map((f) => f.reason ?? f.title).join('; ') } : {}) } } : {};
  const { written } = await writeRebootNote({ root: ctx.root, verdict, latest, commandLine: commandLineOf(o, ctx), ...(plan ? { plan } : {}), ...(planError ? { planError } : {}), ...trialNote });
  printNote(out, ctx.root, written, latest);
  const command = effectivePolicy(plan).rebootCommand;
  const entry = logEntry(o, verdict, latest, written, command);
  if (planError) {
    await appendRebootLog(paths, { ...entry, action: 'refused', detail: `the patch plan cannot be read: ${planError}` });
    throw new SaferpmError(`not rebooting: the patch plan cannot be read, so its reboot command is unknown (${planError})`, EXIT.CONFIG, "fix it ('saferpm plan check'), then run 'saferpm reboot' again, or reboot by hand");
  }
  if (!verdict.safe && !o.force) return refuse(paths, entry, verdict, out);
  if (gate?.failed.length) return refuseTrial(paths, entry, gate, out);
  if (!verdict.safe) warnForced(out, verdict, written);
  if (plan && !o.dryRun) await mailBeforeReboot(ctx.root, written, plan, out);
  const trial: Trial | undefined = gate && !o.dryRun ? await armForReboot(ctx.root, paths, gate, out) : undefined;
  if (trial) entry.trial = trial.id;
  await appendRebootLog(paths, { ...entry, action: 'reboot', forced: !verdict.safe });
  const cmd = describeCommand(command[0] ?? '', command.slice(1));
  if (o.dryRun) {
    if (gate) out.out(`dry run: would arm trial ${gate.planned.id}: ${gate.planned.kernel} once, ${gate.planned.knownGood} stays the default (nothing written to /boot)`);
    out.out(`dry run: would run '${cmd}' (command not executed)`);
    return EXIT.OK;
  }
  out.info(`rebooting: ${cmd}`);
  const r = await runRebootCommand(command).catch(async (e: unknown) => {
    await appendRebootLog(paths, { ...entry, action: 'reboot-failed', forced: !verdict.safe, detail: (e as Error).message });
    if (trial) await abandonAfterFailedReboot(ctx.root, paths, trial, (e as Error).message, out);
    throw e; // e.g. the command is not installed (exit 69)
  });
  if (r.exitCode !== 0) {
    await appendRebootLog(paths, { ...entry, action: 'reboot-failed', forced: !verdict.safe, exitCode: r.exitCode, ...(r.said ? { detail: r.said } : {}) });
    if (trial) await abandonAfterFailedReboot(ctx.root, paths, trial, `exit ${r.exitCode}`, out);
    throw rebootFailed(command, r, joinRoot(ctx.root, written.latest ?? written.path));
  }
  out.out(`reboot requested: ${cmd}`);
  return EXIT.OK;
}

async function refuse(paths: StatePaths, entry: NewRebootLogEntry, verdict: BootVerdict, out: Output): Promise<number> {
  await appendRebootLog(paths, { ...entry, action: 'refused' });
  out.error(`not rebooting: ${verdictLine(verdict)}`);
  out.info("hint: fix the failed required checks above and run 'saferpm reboot' again; 'saferpm reboot --force' reboots anyway");
  return EXIT.BOOT_UNSAFE;
}

async function refuseTrial(paths: StatePaths, entry: NewRebootLogEntry, gate: TrialGateResult, out: Output): Promise<number> {
  const reasons = gate.failed.map((f) => f.reason ?? f.title);
  await appendRebootLog(paths, { ...entry, action: 'refused', detail: `trial gate: ${reasons.join('; ')}` });
  out.error(`not rebooting: no trial boot, because ${reasons.join('; ')}`);
  out.info("hint: fix the failed checks of the trial boot gate above; 'saferpm reboot' without --trial reboots into the default as usual");
  return gate.exit;
}

function warnForced(out: Output, verdict: BootVerdict, written: WrittenNote): void {
  const n = verdict.reasons.length;
  out.warn(`--force: IGNORING ${n} failed required boot check${n === 1 ? '' : 's'}: ${verdict.reasons.join('; ')}`);
  out.warn(`--force: rebooting a machine that may not boot; pick the known-good kernel at the boot menu as the note says (${written.latest ?? written.path}); this is logged in ${REBOOT_LOG}`);
}

function logEntry(o: RebootOptions, v: BootVerdict, latest: RunEntry | undefined, written: WrittenNote, command: string[]): NewRebootLogEntry {
  const e: NewRebootLogEntry = { action: 'reboot', dryRun: Boolean(o.dryRun), safe: v.safe, reasons: v.reasons, forced: false, note: written.path, command };
  if (v.kernel) e.kernel = v.kernel;
  if (v.runningKernel) e.runningKernel = v.runningKernel;
  if (latest?.record) e.runId = latest.id;
  return e;
}

function printNote(out: Output, root: string, written: WrittenNote, latest: RunEntry | undefined): void {
  out.out(latest?.record ? `recovery note for run ${latest.id}:` : `recovery note (boot facts only: ${noRunReason(latest)}):`);
  out.out(`  ${joinRoot(root, written.path)}`);
  if (written.latest) out.out(`  ${joinRoot(root, written.latest)} (latest)`);
  if (written.boot) out.out(`  ${joinRoot(root, written.boot)} (short copy on /boot)`);
  if (written.error) out.warn(written.error);
}

/** This command as typed, for the lock holder and a note without a run. */
function commandLineOf(o: RebootOptions, ctx: Context): string[] {
  return [
    'reboot',
    ...(ctx.root !== '/' ? ['--root', ctx.root] : []),
    ...(o.kernel ? ['--kernel', o.kernel] : []),
    ...(o.runningKernel ? ['--running-kernel', o.runningKernel] : []),
    ...(o.force ? ['--force'] : []),
    ...(o.dryRun ? ['--dry-run'] : []),
    ...(o.trial ? ['--trial'] : []),
  ];
}

/**
 * The note to the plan's contacts before the reboot, when the plan says so
 * (mail_note). A mail that cannot be sent does not stop the reboot: the note
 * is on disk at its documented paths; the failure is said plainly.
 */
async function mailBeforeReboot(root: string, written: WrittenNote, plan: PatchPlan, out: Output): Promise<void> {
  try {
    const r = await mailNote({ root, notePath: written.path, plan, ...(process.env.SAFERPM_SENDMAIL && trustedProgram(process.env.SAFERPM_SENDMAIL).ok ? { sendmail: process.env.SAFERPM_SENDMAIL } : {}) });
    if (r.sent.length) out.info(`recovery note mailed to ${r.sent.join(', ')}`);
    else if (plan.policy?.mailNote) out.warn(`recovery note not mailed: ${r.skipped ?? 'no recipient'}`);
  } catch (e) {
    out.warn(`recovery note not mailed: ${(e as Error).message}`);
  }
}
