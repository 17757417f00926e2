/**
 * What a transaction command will do, by dnf's own resolution and without
 * doing it: the same command with --assumeno. dnf 4 then prints the
 * transaction table and exits 1 with "Operation aborted." on standard error
 * (0 with "Nothing to do." when there is nothing to do). -q would hide the
 * table, so debuglevel is set back to dnf's default 2 after the user's
 * options; colours are turned off. dnf runs with the user's environment
 * (DNF_VAR_*, proxies, HOME for rpm's macros) in the C locale, so the
 * headings read as parse-transaction.ts expects.
 */
import { ParseError } from '../../errors.js';
import { runCommand } from '../../exec/run.js';
import { parseTransaction, type DnfTable } from './parse-table.js';

export const PROBE_OPTIONS = ['--assumeno', '--setopt=debuglevel=2', '--color=never'];

export type Resolution =
  | { status: 'resolved'; transaction: DnfTable; argv: string[] }
  /**
   * dnf itself refused (no such package, a dependency problem, a configuration error): its words
   * (message: the lines that say why), and its standard output and error as it printed them.
   */
  | { status: 'failed'; argv: string[]; exitCode: number; message: string; stdout: string; stderr: string }
  /** dnf answered, but saferpm cannot read the answer. */
  | { status: 'unreadable'; argv: string[]; error: ParseError };

/** The probe's arguments: the user's, with PROBE_OPTIONS before a '--' (or at the end). */
export function probeArgs(args: readonly string[]): string[] {
  const dashdash = args.indexOf('--');
  const at = dashdash < 0 ? args.length : dashdash;
  return [...args.slice(0, at), ...PROBE_OPTIONS, ...args.slice(at)];
}

export async function resolveTransaction(dnf: string, args: readonly string[]): Promise<Resolution> {
  const argv = probeArgs(args);
  const r = await runCommand(dnf, argv, { environment: 'inherit', env: { LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' }, providedBy: 'dnf', forwardSignals: true });
  const aborted = r.exitCode === 1 && /^Operation aborted\.$/m.test(r.stderr);
  if (r.exitCode !== 0 && !aborted) {
    return { status: 'failed', argv, exitCode: r.exitCode, message: dnfError(r.stderr, r.stdout), stdout: r.stdout, stderr: r.stderr };
  }
  try {
    return { status: 'resolved', transaction: parseTransaction(r.stdout, `${dnf} ${argv.join(' ')}`), argv };
  } catch (e) {
    if (e instanceof ParseError) return { status: 'unreadable', argv, error: e };
    throw e;
  }
}

/** dnf's own error lines ("Error: Unable to find a match: foo"), else its last stderr line. */
export function dnfError(stderr: string, stdout: string): string {
  const lines = stderr.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const start = lines.findIndex((l) => /^(Error|Config error|Command line error)/.test(l));
  const picked = start >= 0 ? lines.slice(start) : lines.slice(-3);
  const noMatch = stdout.split('\n').filter((l) => l.startsWith('No match for argument'));
  return [...noMatch, ...picked].join('\n') || 'dnf exited without a message';
}
