/**
 * 'saferpm history': one line per run, oldest first, in columns that fit an
 * 80-column console; a damaged record is a line that says so. Then the
 * reboots from reboots.log. Pure.
 */
import { isBootVerdict } from '../note/boot-read.js';
import { isNoteBoot } from '../note/model.js';
import { humanTime, wrapText } from '../note/text.js';
import type { RunRecord } from '../../record/types.js';
import type { RunEntry } from './read.js';
import type { RebootLogEntry } from '../reboot/log.js';

/** Column widths: a run id is 23 characters (20261127T140512Z-3f9a1c); 'interrupted' is 11. */
const COLUMNS = [['ID', 23], ['STARTED (UTC)', 16], ['TOOL', 4], ['STATUS', 11], ['EXIT', 4], ['PKGS', 4], ['VERDICT', 7]] as const;

export interface RunSummary {
  id: string;
  startedAt: string | null;
  tool: string | null;
  status: string | null;
  exitCode: number | null;
  /** Packages whose installed versions changed. */
  packagesChanged: number | null;
  verdict: 'safe' | 'unsafe' | 'skipped' | null;
  damaged: string | null;
}

export function summarize(e: RunEntry): RunSummary {
  if (!e.record) return { id: e.id, startedAt: null, tool: null, status: null, exitCode: null, packagesChanged: null, verdict: null, damaged: e.damaged };
  const r = e.record;
  return {
    id: e.id, startedAt: r.startedAt, tool: r.tool, status: e.died || r.diedAt ? 'died' : r.status, exitCode: r.exitCode ?? null,
    packagesChanged: changedPackages(r).length, verdict: verdictOf(r), damaged: null,
  };
}

export function changedPackages(r: RunRecord): RunRecord['packages'] {
  return r.packages.filter((p) => p.action !== 'unchanged' && p.action !== 'skipped');
}

/** The boot check's verdict kept in the record (a BootVerdict, or a note's boot section in older records). */
export function verdictOf(r: RunRecord): RunSummary['verdict'] {
  if (isBootVerdict(r.boot)) return r.boot.safe ? 'safe' : 'unsafe';
  if (isNoteBoot(r.boot)) return r.boot.verdict;
  if (r.warnings.some((w) => w.startsWith('boot check skipped'))) return 'skipped';
  return null;
}

export function renderRunTable(entries: readonly RunEntry[]): string[] {
  const head = COLUMNS.map(([name, w], i) => (i === COLUMNS.length - 1 ? name : name.padEnd(w))).join(' ');
  return [head, ...entries.map((e) => row(summarize(e)))];
}

function row(s: RunSummary): string {
  if (s.damaged) return `${s.id.padEnd(23)} DAMAGED: ${s.damaged}`.slice(0, 80);
  const cells = [
    s.id.padEnd(23),
    (s.startedAt ? humanTime(s.startedAt).replace(/ UTC$/, '') : '?').padEnd(16),
    (s.tool ?? '?').padEnd(4),
    (s.status ?? '?').padEnd(11),
    (s.exitCode === null ? '-' : String(s.exitCode)).padStart(4),
    String(s.packagesChanged ?? '-').padStart(4),
    s.verdict === 'unsafe' ? 'UNSAFE' : s.verdict ?? '-',
  ];
  return cells.join(' ');
}

/** One line per reboot: when, what happened, the verdict, and the run its note described. */
export function renderReboots(entries: readonly RebootLogEntry[]): string[] {
  return entries.flatMap((e) => {
    const when = humanTime(e.at).replace(/ UTC$/, '');
    const verdict = e.safe ? 'safe' : `UNSAFE (${e.reasons.join('; ')})`;
    const run = e.runId ? `, after run ${e.runId}` : '';
    return wrapText(`${rebootAction(e)}: ${verdict}${run}, by ${e.user}`, ' '.repeat(18), `${when}  `);
  });
}

export function rebootAction(e: RebootLogEntry): string {
  const forced = e.forced ? ' FORCED' : '';
  if (e.action === 'refused') return `refused${e.dryRun ? ' (dry run)' : ''}`;
  if (e.action === 'reboot-failed') return `reboot failed${forced} (exit ${e.exitCode ?? '?'})`;
  return e.dryRun ? `would reboot${forced}` : `rebooted${forced}`;
}
