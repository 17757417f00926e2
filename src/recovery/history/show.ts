/**
 * 'saferpm history ID': one run as an admin needs it after the fact: what
 * changed (before -> after), the boot verdict, where the note is, the exact
 * undo commands (the note's, src/recovery/note/undo.ts), the safety steps
 * with their outcomes, the reboots and undo attempts that followed. Pure.
 */
import type { RunRecord } from '../../record/types.js';
import { changedPackages, rebootAction } from './table.js';
import { isBootVerdict } from '../note/boot-read.js';
import { isNoteBoot } from '../note/model.js';
import { commandText, field, heading, humanTime, wrapText } from '../note/text.js';
import { missingStandby, undoCommands, undoPlan } from '../note/undo.js';
import type { RebootLogEntry } from '../reboot/log.js';
import type { UndoLog } from '../undo/log.js';

export interface RunDetails {
  record: RunRecord;
  /** The run's note on this host, and whether it is there. */
  note: { hostPath: string; exists: boolean };
  reboots: RebootLogEntry[];
  undos: UndoLog[];
}

export function renderRun(d: RunDetails): string[] {
  return [...header(d.record), ...changes(d.record), ...boot(d.record), ...note(d), ...undo(d.record), ...warnings(d.record), ...steps(d.record), ...reboots(d.reboots), ...undos(d.undos)];
}

function header(r: RunRecord): string[] {
  const title = `Run ${r.id}: ${r.status}${r.exitCode !== undefined ? `, exit ${r.exitCode}` : ''}`;
  return [
    title,
    ...field('Started:', `${humanTime(r.startedAt)}${r.finishedAt ? `, finished ${humanTime(r.finishedAt)}` : ''}`),
    ...field('By:', `${r.user} on ${r.host}`),
    ...field('Command:', ['saferpm', ...r.commandLine].join(' ')),
    ...field('Root:', r.root),
    ...field('Kernel:', r.runningKernel ? `${r.runningKernel} was running (known good)` : 'the running kernel was not recorded'),
  ];
}

function changes(r: RunRecord): string[] {
  const changed = changedPackages(r);
  const lines = heading('What changed (before -> after)');
  if (changed.length === 0) return [...lines, '  No package was changed.'];
  for (const p of changed) {
    lines.push(...wrapText(`${p.name}.${p.arch}  ${p.before.join(', ') || '(none)'} -> ${p.after.join(', ') || '(none)'}  [${p.action}]`, '      ', '  '));
  }
  return lines;
}

function boot(r: RunRecord): string[] {
  const lines = heading('Boot check');
  if (isBootVerdict(r.boot)) {
    return [...lines, ...wrapText(r.boot.safe ? 'safe to reboot' : `do not reboot: ${r.boot.reasons.join(', ')}`, '    ', '  ')];
  }
  if (isNoteBoot(r.boot)) return [...lines, `  ${r.boot.verdict === 'safe' ? 'safe to reboot' : 'do not reboot'}`];
  const skipped = r.warnings.find((w) => w.startsWith('boot check skipped'));
  return [...lines, ...wrapText(skipped ?? 'not run: no kernel or boot-critical package changed', '    ', '  ')];
}

function note(d: RunDetails): string[] {
  const lines = heading('Recovery note');
  if (d.record.note?.error && !d.record.note.path) return [...lines, ...wrapText(`not written: ${d.record.note.error}`, '    ', '  ')];
  const where = `${d.note.hostPath}${d.note.exists ? '' : ` (not there: 'saferpm note --run ${d.record.id}' writes it)`}`;
  return [...lines, ...wrapText(where, '    ', '  ')];
}

function undo(r: RunRecord): string[] {
  const plan = undoPlan(r.packages);
  const commands = undoCommands(plan);
  const backup = r.audit?.configBackup?.files ?? 0;
  if (backup > 0) commands.push(`saferpm restore ${r.id}`);
  const lines = heading('Undo (in this order)');
  if (commands.length === 0 && missingStandby(plan).length === 0) return [...lines, '  Nothing to undo.'];
  lines.push(...wrapText(`'saferpm undo ${r.id}' runs these through saferpm; add --dry-run to see what it would do now.`, '  '));
  for (const c of commands) lines.push(...commandText(c));
  for (const n of missingStandby(plan)) lines.push(...wrapText(`no standby copy of ${n}: fetch it first (e.g. 'dnf download ${n}')`, '    ', '  ! '));
  return lines;
}

function warnings(r: RunRecord): string[] {
  if (r.warnings.length === 0) return [];
  return [...heading('Warnings'), ...r.warnings.flatMap((w) => wrapText(w, '    ', '  - '))];
}

/** One line per safety step as it ran (records of older saferpm versions have none): the side, the outcome, the step and why. */
function steps(r: RunRecord): string[] {
  if (!r.steps?.length) return [];
  const word = { pass: 'pass', warn: 'WARN', fail: 'FAIL', skip: 'skip' } as const;
  return [...heading('Safety steps'), ...r.steps.flatMap((s) => wrapText(`${s.name}${s.detail ? `: ${s.detail}` : ''}`, ' '.repeat(16), `  ${s.phase.padEnd(7)} ${word[s.outcome]}  `))];
}

function reboots(entries: RebootLogEntry[]): string[] {
  if (entries.length === 0) return [];
  const lines = heading('saferpm reboot after this run');
  for (const e of entries) {
    const verdict = e.safe ? 'safe' : `UNSAFE: ${e.reasons.join('; ')}`;
    lines.push(...wrapText(`${humanTime(e.at)}  ${rebootAction(e)}, ${verdict}, by ${e.user}`, '    ', '  '));
  }
  return lines;
}

function undos(logs: UndoLog[]): string[] {
  if (logs.length === 0) return [];
  const lines = heading('saferpm undo of this run');
  for (const log of logs) {
    lines.push(`  ${humanTime(log.at)} by ${log.user}${log.exitCode !== undefined ? `: exit ${log.exitCode}` : ': did not finish'}`);
    for (const s of log.steps) lines.push(...wrapText(`${s.kind}: saferpm ${s.argv.join(' ')} -> exit ${s.exitCode ?? '?'}`, '        ', '    '));
    for (const l of log.left) lines.push(...wrapText(`left alone: ${l.package}: ${l.reason}`, '        ', '    '));
  }
  return lines;
}
