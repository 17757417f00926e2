/** The boot checks in the order they run and are reported. */
import { liloDefaultNamesLabel, liloMapCurrent } from './lilo.js';
import { newRootDevice } from './root-device.js';
import { bootsUnattended } from './unattended.js';
import { configReadable, newEntryExists, newInitrd, newKernelImage, newModules, nextBootWorks, runningKeepsEntry } from './required.js';
import { notExcluded } from './trial.js';
import type { Check, CheckContext, CheckResult } from './types.js';
import { bootSpace, defaultResolves, fullyUnderstood, grubenvIntact, newIsDefault, noStaleEntries, sameRoot, uniqueEntries } from './wanted.js';

export const CHECKS: readonly Check[] = [
  configReadable,
  newEntryExists,
  newKernelImage,
  newInitrd,
  newModules,
  newRootDevice,
  notExcluded,
  nextBootWorks,
  runningKeepsEntry,
  bootsUnattended,
  liloMapCurrent,
  liloDefaultNamesLabel,
  newIsDefault,
  defaultResolves,
  grubenvIntact,
  sameRoot,
  noStaleEntries,
  bootSpace,
  uniqueEntries,
  fullyUnderstood,
];

/** Run every check; a wanted check can only warn, whatever it returns. */
export function runChecks(ctx: CheckContext, checks: readonly Check[] = CHECKS): CheckResult[] {
  return checks.map((c) => {
    const o = c.run(ctx);
    const status = c.level === 'wanted' && o.status === 'fail' ? 'warn' : o.status;
    const r: CheckResult = { id: c.id, title: c.title, level: c.level, status, finding: o.finding };
    if (status === 'fail' && o.reason) r.reason = o.reason;
    return r;
  });
}
