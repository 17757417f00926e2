/**
 * The safety steps taken around every transaction, in order. Before:
 * changelogs (--changelog), standby copies, snapshot, configuration backup,
 * rpm -V. After: boot check, snapshot diff, configuration report, integrity,
 * the file-integrity tool, the recovery note, the syslog line, the summary.
 */
import type { SafetyStep } from './state.js';
import { changelogStep } from './steps/changelog.js';
import { standbyStep } from './steps/standby.js';
import { snapshotStep } from './steps/snapshot.js';
import { configStep } from './steps/config.js';
import { integrityStep, integrityToolStep } from './steps/integrity.js';
import { bootStep } from './steps/boot.js';
import { noteStep } from './steps/note.js';
import { summaryStep } from './steps/summary.js';
import { logStep } from './steps/log.js';

export function defaultSafetySteps(): SafetyStep[] {
  // after-steps run in this order too: the boot verdict must exist before the note
  return [changelogStep(), standbyStep(), snapshotStep(), configStep(), integrityStep(), bootStep(), integrityToolStep(), noteStep(), logStep(), summaryStep()];
}
