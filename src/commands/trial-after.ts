/**
 * After a trial's verdict at boot: the recovery note with the trial's end
 * (written before any reboot, as for every reboot), mailed to the plan's
 * contacts when mail_note is on and the trial fell back; and, for an
 * unhealthy trial boot, the reboot through the plan's reboot command, logged
 * in reboots.log like 'saferpm reboot'.
 */
import type { Output } from '../output/output.js';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { describeCommand } from '../exec/run.js';
import { latestRun } from '../recovery/history/read.js';
import { mailNote } from '../recovery/note/mail.js';
import type { WrittenNote } from '../recovery/note/write.js';
import type { PatchPlan } from '../recovery/patch-plan/model.js';
import { liveVerdict } from '../recovery/reboot/check.js';
import { runRebootCommand } from '../recovery/reboot/command.js';
import { appendRebootLog } from '../recovery/reboot/log.js';
import { writeRebootNote } from '../recovery/reboot/note.js';
import type { StatePaths } from '../state/dirs.js';
import type { Trial } from '../trial/model.js';

export async function noteAfterTrial(ctx: Context, paths: StatePaths, t: Trial, plan: PatchPlan | undefined, out: Output): Promise<WrittenNote> {
  const verdict = await liveVerdict({ root: ctx.root, ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}) });
  const trial = { id: t.id, kernel: t.kernel, knownGood: t.knownGood, status: t.status, deadlineMinutes: t.deadlineMinutes, ...(t.reason ? { reason: t.reason } : {}) };
  const { written } = await writeRebootNote({ root: ctx.root, verdict, latest: await latestRun(paths), commandLine: ['trial', 'check'], trial, ...(plan ? { plan } : {}) });
  out.out(`recovery note: ${written.path}`);
  if (plan?.policy?.mailNote && t.status === 'fell-back') {
    try {
      const r = await mailNote({ root: ctx.root, notePath: written.path, plan, ...(process.env.SAFERPM_SENDMAIL ? { sendmail: process.env.SAFERPM_SENDMAIL } : {}) });
      if (r.sent.length) out.info(`recovery note mailed to ${r.sent.join(', ')}`);
      else out.warn(`recovery note not mailed: ${r.skipped ?? 'no recipient'}`);
    } catch (e) {
      out.warn(`recovery note not mailed: ${(e as Error).message}`);
    }
  }
  return written;
}

export async function rebootAfterTrial(ctx: Context, paths: StatePaths, t: Trial, note: WrittenNote, command: string[], out: Output): Promise<number> {
  const entry = { dryRun: false, safe: false, reasons: [t.reason ?? 'trial unhealthy'], forced: false, note: note.path, command, kernel: t.kernel, runningKernel: t.kernel, trial: t.id, ...(t.runId ? { runId: t.runId } : {}) };
  await appendRebootLog(paths, { ...entry, action: 'reboot', detail: `trial ${t.id} unhealthy: back to ${t.knownGood}` });
  const cmd = describeCommand(command[0] ?? '', command.slice(1));
  out.warn(`trial ${t.id}: ${t.kernel} is not healthy; rebooting into ${t.knownGood}: ${cmd}`);
  const r = await runRebootCommand(command).catch((e: Error) => ({ exitCode: -1, said: e.message }));
  if (r.exitCode !== 0) {
    await appendRebootLog(paths, { ...entry, action: 'reboot-failed', ...(r.exitCode > 0 ? { exitCode: r.exitCode } : {}), detail: r.said });
    out.error(`the reboot command '${cmd}' failed${r.said ? `: ${r.said}` : ''}; reboot by hand: the known-good ${t.knownGood} is the default`);
    return EXIT.UNAVAILABLE;
  }
  return EXIT.OK;
}
