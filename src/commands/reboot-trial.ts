/**
 * The trial parts of 'saferpm reboot --trial' (docs/trial-boot.md): the gate
 * before anything is written, the arming after the note, and undoing the
 * arming when the reboot command fails. reboot.ts calls these in its order.
 */
import type { Output } from '../output/output.js';
import type { BootVerdict } from '../bootloader/index.js';
import type { CheckResult } from '../bootloader/checks/types.js';
import { readBootConfig } from '../bootloader/read.js';
import { EXIT } from '../errors.js';
import type { RunEntry } from '../recovery/history/read.js';
import { newKernelVersions } from '../recovery/note/model.js';
import type { NoteTrial } from '../recovery/note/trial.js';
import type { PatchPlan } from '../recovery/patch-plan/model.js';
import { newRunId } from '../record/store.js';
import type { StatePaths } from '../state/dirs.js';
import { armTrial } from '../trial/arm.js';
import { abandonTrial } from '../trial/verdict.js';
import { gateFailures, runGate } from '../trial/gate.js';
import { gatherGate } from '../trial/gate-facts.js';
import { DEFAULT_DEADLINE_MINUTES, type Trial } from '../trial/model.js';

export interface TrialGateResult {
  results: CheckResult[];
  failed: CheckResult[];
  /** Exit code when refused: 80 when the boot check itself failed, else 79. */
  exit: number;
  /** The trial to arm: id, kernels, deadline; also what the note says. */
  planned: NoteTrial;
  runId?: string;
}

const MARK: Record<CheckResult['status'], string> = { pass: 'ok  ', fail: 'FAIL', warn: 'warn', skip: 'skip' };

export async function trialGate(root: string, paths: StatePaths, verdict: BootVerdict, plan: PatchPlan | undefined, latest: RunEntry | undefined, out: Output): Promise<TrialGateResult> {
  const results = runGate(await gatherGate(root, paths, verdict));
  out.out(['', 'Trial boot gate:', ...results.map((r) => `  ${MARK[r.status]}  ${r.title}: ${r.finding}`)].join('\n'));
  const failed = gateFailures(results);
  const exit = failed.some((f) => f.id === 'boot-check') ? EXIT.BOOT_UNSAFE : EXIT.REFUSED;
  const planned: NoteTrial = {
    id: newRunId(),
    kernel: verdict.kernel ?? '?',
    knownGood: verdict.runningKernel ?? '?',
    status: 'planned',
    deadlineMinutes: plan?.trial?.deadlineMinutes ?? DEFAULT_DEADLINE_MINUTES,
  };
  const r: TrialGateResult = { results, failed, exit, planned };
  const record = latest?.record;
  if (record && verdict.kernel && newKernelVersions(record.packages).includes(verdict.kernel)) r.runId = record.id;
  return r;
}

export async function armForReboot(root: string, paths: StatePaths, g: TrialGateResult, out: Output): Promise<Trial> {
  const config = await readBootConfig({ root });
  const t = await armTrial({ root, paths, config, kernel: g.planned.kernel, knownGood: g.planned.knownGood, id: g.planned.id, deadlineMinutes: g.planned.deadlineMinutes, ...(g.runId ? { runId: g.runId } : {}) });
  out.out([
    `trial ${t.id} armed: the next boot starts ${t.kernel} once ('${t.trialEntry.title}')`,
    `  default stays ${t.knownGood} (saved_entry=${t.knownGoodEntry}); a failed trial comes back on it by itself`,
    `  verdict within ${t.deadlineMinutes} minutes by saferpm-trial.service; 'saferpm trial status' after the reboot`,
  ].join('\n'));
  return t;
}

/** The reboot did not happen: the trial must not wait for the next reboot someone else makes. */
export async function abandonAfterFailedReboot(root: string, paths: StatePaths, t: Trial, why: string, out: Output): Promise<void> {
  try {
    await abandonTrial(root, paths, t, `the reboot command failed: ${why}`);
    out.warn(`trial ${t.id} abandoned: the trial entry is removed and the default stays ${t.knownGood}`);
  } catch (e) {
    out.warn(`trial ${t.id} could not be abandoned (${(e as Error).message}); run 'saferpm trial abandon' before rebooting`);
  }
}
