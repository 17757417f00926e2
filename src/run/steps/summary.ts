/**
 * The one readable summary at the end of a run, most important first: boot
 * verdict, services and ports, configuration files, integrity, the note.
 */
import type { SafetyStep } from '../state.js';
import { quietSummary } from './summary-quiet.js';

export function summaryStep(): SafetyStep {
  return {
    name: 'summary',
    required: false,
    async after(run) {
      const { record } = run;
      const changed = record.packages.filter((p) => p.action !== 'unchanged');
      const lines: string[] = [`Run ${record.id}: ${record.status}${changed.length ? `, ${changed.length} package${changed.length === 1 ? '' : 's'} changed` : ''}`];
      for (const p of changed) lines.push(`  ${p.name}.${p.arch}: ${p.before.join(', ') || '-'} -> ${p.after.join(', ') || '-'} (${p.action})`);
      for (const section of [...run.report].sort((a, b) => a.rank - b.rank)) {
        lines.push(`${section.title}:`, ...section.lines.map((l) => `  ${l}`));
      }
      for (const w of record.warnings) lines.push(`warning: ${w}`);
      record.audit = { ...record.audit, summary: lines };
      if (run.out.quiet) quietSummary(run);
      else run.out.info(lines.join('\n'));
    },
  };
}
