/**
 * dnf's transaction table (what `dnf ... --assumeno` prints before
 * "Operation aborted."), read into a model. The layout is dnf 4's
 * Output.list_transaction (dnf/cli/output.py): a '=' rule, a heading, a rule,
 * then sections ("Installing:", "Upgrading:", ...) of one line per package,
 * " NAME ARCH EVR REPO SIZE", "     replacing  NAME.ARCH EVR" under a package
 * that obsoletes an installed one, then "Transaction Summary" with counts.
 * On a terminal a long value ends its line and the rest of the row continues
 * on the next one, indented (fmtColumns); in a pipe dnf widens the table
 * instead. yum 3's section names (yum/output.py listTransaction) are read too.
 *
 * Pure: text in, model out; anything it cannot account for is a ParseError
 * (the caller then says plainly that the transaction cannot be determined).
 */
import { ParseError } from '../../errors.js';
import { SECTIONS, type ItemAction, type SectionKind } from './table-sections.js';

export interface PackageRef {
  name: string;
  arch: string;
  /** [epoch:]version-release as dnf prints it. */
  evr: string;
}

export interface TransactionItem extends PackageRef {
  action: ItemAction;
  /** The section dnf listed it under, e.g. "Installing dependencies". */
  section: string;
  /** Repository id; installed packages show '@repo', '@System' or '@commandline'. */
  repo: string;
  /** Installed packages it obsoletes (the "replacing" lines). */
  replacing: PackageRef[];
  line: number;
}

export interface DnfTable {
  items: TransactionItem[];
  /** Packages dnf left out (broken dependencies, conflicts): not part of the transaction. */
  skipped: TransactionItem[];
  /** Module streams, profiles and comps groups: listed for the record, no packages of their own. */
  notes: { section: string; text: string }[];
  /** True when dnf said "Nothing to do.". */
  nothingToDo: boolean;
}

interface Cursor {
  kind?: SectionKind;
  action?: ItemAction;
  section: string;
  pending?: { tokens: string[]; line: number };
}

export function parseTransaction(text: string, source = 'dnf --assumeno output'): DnfTable {
  // colour codes (color=always in dnf.conf) are dropped
  const lines = text.replace(/\r/g, '').replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const start = lines.findIndex((l, k) => isRule(l) && isRule(lines[k + 2] ?? '') && /^ \S/.test(lines[k + 1] ?? ''));
  if (start < 0) {
    if (lines.some((l) => l.trim() === 'Nothing to do.')) return { items: [], skipped: [], notes: [], nothingToDo: true };
    throw new ParseError(source, 1, 1, 'no transaction table and no "Nothing to do." in dnf\'s output');
  }
  const t: DnfTable = { items: [], skipped: [], notes: [], nothingToDo: false };
  const cur: Cursor = { section: '' };
  let k = start + 3;
  for (; k < lines.length; k++) {
    const line = lines[k] as string;
    if (line.trim() === 'Transaction Summary') break;
    readLine(t, cur, line, k + 1, source);
  }
  finishPending(t, cur, source);
  if (k >= lines.length) throw new ParseError(source, lines.length, 1, 'the transaction table has no "Transaction Summary"');
  checkSummary(t, lines, k, source);
  return t;
}

function isRule(line: string): boolean {
  return /^={10,}\s*$/.test(line);
}

function readLine(t: DnfTable, cur: Cursor, line: string, n: number, source: string): void {
  if (line.trim() === '') return;
  const replacing = /^\s+replacing\s+(\S+)\s+(\S+)\s*$/.exec(line);
  if (replacing) return addReplacing(t, cur, replacing, n, source);
  if (/^\S/.test(line)) return startSection(t, cur, line, n, source);
  if (/^ \S/.test(line)) {
    finishPending(t, cur, source);
    cur.pending = { tokens: line.trim().split(/\s+/), line: n };
    return;
  }
  if (!cur.pending) throw new ParseError(source, n, 1, `indented line outside a package row: ${line.trim().slice(0, 60)}`);
  // the rest of a row that a long value pushed onto the next line (concat: push(...list) overflows the stack on a huge line)
  cur.pending.tokens = cur.pending.tokens.concat(line.trim().split(/\s+/));
}

function startSection(t: DnfTable, cur: Cursor, line: string, n: number, source: string): void {
  finishPending(t, cur, source);
  if (line.startsWith('(') && cur.kind === 'skip') return; // "(add '--best --allowerasing' to command line ...)"
  const title = line.trim().replace(/:$/, '');
  const section = SECTIONS[title];
  if (!line.trim().endsWith(':') || !section) throw new ParseError(source, n, 1, `unknown section in the transaction table: ${line.trim().slice(0, 60)}`);
  cur.kind = section.kind;
  cur.section = title;
  if (section.action) cur.action = section.action;
  else delete cur.action;
}

function finishPending(t: DnfTable, cur: Cursor, source: string): void {
  const p = cur.pending;
  if (!p) return;
  delete cur.pending;
  if (cur.kind === 'note') {
    t.notes.push({ section: cur.section, text: p.tokens.join(' ') });
    return;
  }
  if (!cur.kind || !cur.action) throw new ParseError(source, p.line, 1, 'package row before any section heading');
  const [name, arch, evr, repo, size, unit, ...extra] = p.tokens;
  if (!name || !arch || !evr || !repo || !size || extra.length > 0 || !/^\d+(\.\d+)?$/.test(size) || (unit !== undefined && !/^[kMGTPEZY]$/.test(unit))) {
    throw new ParseError(source, p.line, 2, `cannot read the package row: ${p.tokens.join(' ').slice(0, 80)}`);
  }
  const item: TransactionItem = { action: cur.action, section: cur.section, name, arch, evr, repo, replacing: [], line: p.line };
  (cur.kind === 'skip' ? t.skipped : t.items).push(item);
}

function addReplacing(t: DnfTable, cur: Cursor, m: RegExpExecArray, n: number, source: string): void {
  finishPending(t, cur, source);
  const last = cur.kind === 'skip' ? t.skipped.at(-1) : t.items.at(-1);
  const na = m[1] as string;
  const dot = na.lastIndexOf('.');
  if (!last || dot <= 0) throw new ParseError(source, n, 1, `"replacing" line without a package above it: ${m[0].trim()}`);
  last.replacing.push({ name: na.slice(0, dot), arch: na.slice(dot + 1), evr: m[2] as string });
}

/** The counts under "Transaction Summary" must match the rows read: a check that nothing was missed. */
function checkSummary(t: DnfTable, lines: string[], from: number, source: string): void {
  const counted: Record<string, number> = { Install: 0, Upgrade: 0, Remove: 0, Downgrade: 0, Skip: t.skipped.length };
  const key: Record<ItemAction, string | undefined> = { install: 'Install', upgrade: 'Upgrade', remove: 'Remove', downgrade: 'Downgrade', reinstall: undefined };
  for (const i of t.items) {
    const k = key[i.action];
    if (k) counted[k] = (counted[k] ?? 0) + 1;
  }
  const said: Record<string, number> = {};
  for (let k = from + 1; k < lines.length; k++) {
    const m = /^(Install|Upgrade|Remove|Downgrade|Skip|Update|Reinstall)\s+(\d+) Packages?\b/.exec(lines[k] as string);
    if (m) said[m[1] === 'Update' ? 'Upgrade' : (m[1] as string)] = Number(m[2]);
  }
  for (const [what, n] of Object.entries(counted)) {
    if ((said[what] ?? 0) !== n) {
      throw new ParseError(source, from + 1, 1, `the summary says ${said[what] ?? 0} to ${what.toLowerCase()}, the table lists ${n}`);
    }
  }
}
