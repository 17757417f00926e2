/**
 * The standby copies a run found (record.audit.standby, by NEVRA) put next to
 * each package change that replaced that version, where undo and the note's
 * undo commands look for them. Done in every run (issue 16, 8), and for a run
 * completed after it died (history-dead.ts). Pure.
 */
import type { RunRecord } from '../../record/types.js';

/** The standby copies found before the transaction, next to each changed package (for the undo commands). */
export function attachStandby(record: RunRecord): void {
  const standby = record.audit?.standby ?? {};
  for (const change of record.packages) {
    const mine = Object.entries(standby).filter(([k]) => k.startsWith(`${change.name}-`) && change.before.some((evr) => k === `${change.name}-${evr}.${change.arch}` || k.endsWith(`-${evr}.${change.arch}`)));
    if (mine.length) change.standby = Object.fromEntries(mine);
  }
}
