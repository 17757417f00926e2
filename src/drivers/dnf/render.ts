/** The dnf transaction as an admin reads it before the transaction: what changes, kernels, advisories, reboot, findings. */
import { quoteArg } from '../../exec/run.js';
import type { DnfTransaction } from './transaction.js';
import type { TransactionItem } from '../../dnf/resolve/parse-table.js';

const VERB: Record<TransactionItem['action'], string> = { install: 'install', upgrade: 'upgrade', downgrade: 'downgrade', reinstall: 'reinstall', remove: 'erase' };

export function renderDnfTransaction(plan: DnfTransaction, opts: { binary: string; dryRun: boolean }): string {
  const lines: string[] = [];
  const running = plan.runningKernel ? `running kernel ${plan.runningKernel}` : 'running kernel unknown';
  lines.push(`${opts.dryRun ? 'Plan (dry run: nothing is changed)' : 'Plan'} for ${plan.tool} ${plan.command} on root ${plan.root}, ${running}:`);
  if (plan.transaction.nothingToDo || plan.transaction.items.length === 0) lines.push('  dnf: nothing to do');
  for (const i of plan.transaction.items) lines.push(`  ${VERB[i.action].padEnd(9)} ${pkg(i)}${why(i)}`);
  for (const s of plan.transaction.skipped) lines.push(`  ${'skipped'.padEnd(9)} ${pkg(s)}  (${s.section.toLowerCase()}: dnf leaves it out)`);
  for (const n of plan.transaction.notes) lines.push(`  ${n.section}: ${n.text}`);
  lines.push(...kernelLines(plan), ...advisoryLines(plan));
  lines.push(plan.reboot.needed ? `Reboot: needed after this transaction, because ${plan.reboot.reasons.join('; ')}` : 'Reboot: not needed for this transaction');
  for (const f of plan.findings) lines.push(f.level === 'refuse' ? `  REFUSED: ${f.message} (override: ${f.override})` : `  WARNING: ${f.message}`);
  lines.push(`Command: ${[opts.binary, ...plan.argv].map(quoteArg).join(' ')}${opts.dryRun ? '  (dry run: command not executed)' : ''}`);
  return lines.join('\n');
}

function pkg(i: TransactionItem): string {
  return `${i.name}-${i.evr}.${i.arch}`;
}

function why(i: TransactionItem): string {
  const notes: string[] = [];
  if (i.section !== headingOf(i.action)) notes.push(i.section.toLowerCase());
  if (i.replacing.length) notes.push(`replacing ${i.replacing.map((r) => `${r.name}-${r.evr}.${r.arch}`).join(', ')}`);
  return notes.length ? `  (${notes.join('; ')})` : '';
}

function headingOf(action: TransactionItem['action']): string {
  return { install: 'Installing', upgrade: 'Upgrading', downgrade: 'Downgrading', reinstall: 'Reinstalling', remove: 'Removing' }[action];
}

function kernelLines(plan: DnfTransaction): string[] {
  const { before, after, erased } = plan.kernels;
  if (before.length === 0 && after.length === 0) return [];
  const limit = plan.installonlyLimit.value === 0 ? 'no limit' : `installonly_limit ${plan.installonlyLimit.value}`;
  const lines = [`Kernels: ${list(before)} -> ${list(after)} (${limit}, ${plan.installonlyLimit.source})`];
  if (erased.length) lines.push(`  erased: ${erased.join(', ')}`);
  return lines;
}

function advisoryLines(plan: DnfTransaction): string[] {
  const lines = plan.advisories.map((a) => {
    const what = [a.type, a.severity].filter(Boolean).join(' ');
    const cves = a.cves.length ? ` ${a.cves.join(' ')}` : '';
    return `  ${a.id} ${what}${cves}: ${a.package}${a.rebootSuggested ? ' (reboot suggested)' : ''}`;
  });
  if (lines.length) lines.unshift('Advisories:');
  return [...lines, ...plan.advisoryProblems.map((p) => `  note: ${p}`)];
}

function list(versions: string[]): string {
  return versions.length ? versions.join(', ') : 'none';
}
