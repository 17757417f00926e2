/** 'saferpm trial status': the trial in text, and its --json object (schema/trial-status.schema.json). Pure. */
import type { ExcludedKernel, Trial } from './model.js';

export const TRIAL_STATUS_SCHEMA = 'saferpm.trial-status/1';

export interface TrialStatusJson {
  schema: typeof TRIAL_STATUS_SCHEMA;
  root: string;
  /** A trial is armed, being checked, or rebooting to the known-good kernel. */
  inProgress: boolean;
  /** The trial in progress, else the latest finished one, else null. */
  trial: Trial | null;
  excluded: ExcludedKernel[];
}

export function trialStatusJson(root: string, current: Trial | undefined, latest: Trial | undefined, excluded: ExcludedKernel[]): TrialStatusJson {
  return { schema: TRIAL_STATUS_SCHEMA, root, inProgress: current !== undefined, trial: current ?? latest ?? null, excluded };
}

export function renderTrial(t: Trial): string[] {
  const lines = [
    `trial ${t.id}: ${t.status}`,
    `  kernel:       ${t.kernel} (once, '${t.trialEntry.title || t.trialEntry.id}')`,
    `  known-good:   ${t.knownGood} (saved_entry=${t.knownGoodEntry})`,
    `  armed:        ${t.armedAt}; deadline ${t.deadlineMinutes} minutes after the trial kernel starts`,
  ];
  if (t.runId) lines.push(`  patch run:    ${t.runId}`);
  if (t.finishedAt) lines.push(`  finished:     ${t.finishedAt}`);
  if (t.reason) lines.push(`  why:          ${t.reason}`);
  lines.push('  steps:');
  for (const s of t.steps) lines.push(`    ${s.at}  ${s.ok ? 'ok  ' : 'FAIL'}  ${s.step}: ${s.detail}`);
  return lines;
}

export function renderStatus(s: TrialStatusJson): string[] {
  const lines = s.trial ? renderTrial(s.trial) : ['no trial boot recorded'];
  if (s.trial && !s.inProgress) lines.unshift('no trial in progress; the latest:');
  if (s.excluded.length) {
    lines.push('', "excluded kernels (fell back; 'saferpm trial clear KERNEL' allows them again):");
    for (const x of s.excluded) lines.push(`  ${x.kernel}: trial ${x.trialId}, ${x.at}: ${x.reason}`);
  }
  return lines;
}

/** One line per trial for 'saferpm history'. */
export function historyLine(t: Trial): string {
  return `  ${t.id}  ${t.status.padEnd(10)} ${t.kernel} (known-good ${t.knownGood})${t.runId ? ` run ${t.runId}` : ''}${t.reason ? `: ${t.reason}` : ''}`;
}
