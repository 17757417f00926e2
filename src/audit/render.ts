/**
 * The audit's part of the end-of-run report, as text (pure): integrity changes
 * (security first), configuration files, the file-integrity tool, changelogs.
 * Each section is a list of lines so the lead's report can place it among the
 * boot verdict and the snapshot diff. Text from package headers and file names
 * may hold terminal control sequences: they are shown as '?' (a changelog
 * must not be able to rewrite the admin's screen).
 */
import { printable } from '../output/printable.js';
import type { ConfigFileReport, ConfigOutcome } from './config-report.js';
import type { PackageChangelog } from './changelog.js';
import type { IntegrityChange } from './integrity-diff.js';
import type { IntegrityToolResult } from './integrity-tool.js';

export interface AuditReportInput {
  /** For the exact restore command in the hints. */
  runId?: string;
  config?: ConfigFileReport[];
  integrity?: IntegrityChange[];
  integrityTool?: IntegrityToolResult;
  /** Where the tool's output was saved. */
  integrityToolOutput?: string;
  changelogs?: PackageChangelog[];
}

export function renderAuditReport(input: AuditReportInput): string {
  const sections = [
    input.integrity ? renderIntegrity(input.integrity) : [],
    input.config ? renderConfigReport(input.config, input.runId) : [],
    input.integrityTool ? renderIntegrityTool(input.integrityTool, input.integrityToolOutput) : [],
    input.changelogs ? renderChangelogs(input.changelogs) : [],
  ].filter((s) => s.length > 0);
  return sections.map((s) => s.join('\n')).join('\n\n');
}

/** The sanitiser is src/output/printable.ts (Output applies it to every line); kept here for the renderers that already call it. */
export { printable } from '../output/printable.js';

export function renderIntegrity(changes: IntegrityChange[]): string[] {
  if (changes.length === 0) return ['Integrity (rpm -V before and after): nothing changed beyond the packages\' own files'];
  const security = changes.filter((c) => c.security).length;
  return [
    `Integrity (rpm -V before and after): ${changes.length} change${s(changes.length)}, ${security} security-relevant`,
    ...changes.map((c) => `  ${c.security ? '!' : ' '} ${printable(c.path)}: ${printable(c.detail)}${c.origin === 'package' ? '' : ` [${c.packages.join(', ') || 'no package'}]`}`),
  ];
}

const OUTCOME_ORDER: ConfigOutcome[] = ['replaced', 'kept-rpmnew', 'removed', 'attributes-changed', 'created', 'unchanged'];

export function renderConfigReport(files: ConfigFileReport[], runId?: string): string[] {
  if (files.length === 0) return [];
  const changed = files.filter((f) => f.outcome !== 'unchanged')
    .sort((a, b) => OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome) || Number(b.locallyModified ?? false) - Number(a.locallyModified ?? false) || a.path.localeCompare(b.path));
  const unchanged = files.length - changed.length;
  const lines = [`Configuration files: ${files.length} saved before the transaction, ${changed.length} changed by it`];
  lines.push(...changed.map((f) => `  ${printable(f.path)}: ${printable(describeOutcome(f))}`));
  if (unchanged > 0) lines.push(`  ${unchanged} unchanged`);
  if (changed.length > 0) lines.push(`  to put a saved file back: saferpm restore ${runId ?? 'RUN-ID'} FILE`);
  return lines;
}

function describeOutcome(f: ConfigFileReport): string {
  const by = f.packageAfter ? ` by ${f.packageAfter}` : '';
  switch (f.outcome) {
    case 'replaced':
      if (f.rpmsave) return `replaced${by}; your version is in ${f.rpmsave} and in the backup`;
      if (f.notConfig) return `replaced${by}; not a %config file, so rpm kept no .rpmsave: your edited version is in the backup`;
      return `replaced${by}${f.locallyModified ? '; your changed version is in the backup' : ' (it was the packaged default)'}`;
    case 'kept-rpmnew':
      return `kept your version; the new default is ${f.rpmnew} (compare: diff -u ${f.path} ${f.rpmnew})`;
    case 'removed':
      return f.rpmsave ? `removed; your version is in ${f.rpmsave} and in the backup` : 'removed; the old one is in the backup';
    case 'attributes-changed':
      return 'same content, but its mode or owner changed';
    case 'created':
      return `was missing; put back${by}`;
    default:
      return 'unchanged';
  }
}

export function renderIntegrityTool(r: IntegrityToolResult, savedAt?: string): string[] {
  const what = { clean: 'no changes', changes: 'reports changes', error: 'failed' }[r.verdict];
  const line = `File-integrity tool: ${printable(r.argv.join(' '))}: exit ${r.exitCode}, ${what}${r.error ? ` (${printable(r.error)})` : ''}`;
  return savedAt ? [line, `  output: ${savedAt}`] : [line];
}

export function renderChangelogs(logs: PackageChangelog[], maxEntries = 5): string[] {
  const withNews = logs.filter((l) => l.entries.length > 0);
  const without = logs.filter((l) => l.total === 0);
  if (withNews.length === 0 && without.length === 0) return logs.length ? ['Changelogs: no entries newer than the installed versions'] : [];
  const lines = ['Changelogs (entries newer than the installed version):'];
  for (const l of withNews) {
    lines.push(`  ${printable(l.name)} ${l.installedEvr || '(not installed)'} -> ${l.evr}: ${l.entries.length} new entr${l.entries.length === 1 ? 'y' : 'ies'}`);
    for (const e of l.entries.slice(0, maxEntries)) {
      lines.push(`    * ${e.date} ${printable(e.name)}`);
      lines.push(...printable(e.text).split('\n').map((t) => `      ${t}`));
    }
    if (l.entries.length > maxEntries) lines.push(`    ... ${l.entries.length - maxEntries} more: ${moreCommand(l)}`);
  }
  for (const l of without) lines.push(`  ${printable(l.name)} ${l.installedEvr || '(not installed)'} -> ${l.evr}: ${noChangelog(l)}`);
  if (without.some((l) => l.repo !== undefined)) {
    lines.push('  (repository metadata without a changelog: the package has none, or the repository was made without them, e.g. createrepo_c --changelog-limit 0)');
  }
  return lines;
}

function moreCommand(l: PackageChangelog): string {
  return l.packageFile !== undefined ? `rpm -qp --changelog ${l.packageFile}` : `dnf repoquery --changelogs ${printable(l.name)}-${l.evr}.${printable(l.arch)}`;
}

function noChangelog(l: PackageChangelog): string {
  return l.repo !== undefined ? `no changelog in the metadata of repository ${printable(l.repo)}` : 'the package has no changelog';
}

function s(n: number): string {
  return n === 1 ? '' : 's';
}
