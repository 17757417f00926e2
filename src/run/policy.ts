/**
 * The patch plan's policy for a run. A missing plan is not an error (the
 * defaults apply and the note says the plan is missing); an invalid or unsafe
 * one stops the run (exit 78 or 77), because it may say require_standby or
 * name the commands saferpm runs as root.
 */
import { loadPlanFile } from '../recovery/patch-plan/file.js';
import { effectivePolicy, type PatchPlan, type Policy } from '../recovery/patch-plan/model.js';

export interface LoadedPolicy {
  policy: Policy;
  fileFields: { patchPlan?: PatchPlan };
}

export async function loadPatchPolicy(root: string): Promise<LoadedPolicy> {
  const plan = await loadPlanFile(root);
  return { policy: effectivePolicy(plan), fileFields: plan ? { patchPlan: plan } : {} };
}
