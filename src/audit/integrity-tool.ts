/**
 * The plan's file-integrity tool (integrity_command: AIDE, Tripwire), run
 * after the transaction; its output is kept with the run record. It runs after
 * rpm has changed the system, so nothing here throws: a missing tool or a
 * failure is a result the report shows.
 * Exit codes of the two common tools in --check mode are bit masks:
 * aide(1) "EXIT STATUS": 1 new, 2 removed, 4 changed files; 14-19 (and above)
 * are errors. tripwire(8) integrity checking mode: 1 added, 2 removed,
 * 4 changed, 8 an error during the check.
 * The command runs as given (it checks the machine it runs on); for a --root
 * other than '/', SAFERPM_ROOT names the root for a wrapper script to use.
 */
import path from 'node:path';
import { isSaferpmError } from '../errors.js';
import { describeCommand, runCommand } from '../exec/run.js';
import { writeFileAtomic } from '../state/atomic.js';

export type IntegrityVerdict = 'clean' | 'changes' | 'error';

export interface IntegrityToolResult {
  argv: string[];
  exitCode: number;
  /** stdout, then stderr. */
  output: string;
  verdict: IntegrityVerdict;
  durationMs: number;
  /** Why it could not run, or was stopped. */
  error?: string;
}

export interface IntegrityToolOptions {
  /** Default one hour: a full AIDE check of a large machine takes minutes. */
  timeoutMs?: number;
}

export async function runIntegrityTool(root: string, argv: string[], opts: IntegrityToolOptions = {}): Promise<IntegrityToolResult> {
  const [file, ...args] = argv;
  if (!file) return { argv, exitCode: -1, output: '', verdict: 'error', durationMs: 0, error: 'the plan names an empty integrity_command' };
  try {
    const timeoutMs = opts.timeoutMs ?? 3_600_000;
    const r = await runCommand(file, args, { env: { SAFERPM_ROOT: root }, timeoutMs });
    const output = r.stdout + (r.stderr ? (r.stdout.endsWith('\n') || r.stdout === '' ? '' : '\n') + r.stderr : '');
    const result: IntegrityToolResult = { argv, exitCode: r.exitCode, output, verdict: verdictOf(file, r.exitCode), durationMs: r.durationMs };
    if (r.signal) {
      const why = r.durationMs >= timeoutMs ? `ran past its time limit of ${timeoutMs / 1000} s and was stopped` : `was stopped by ${r.signal}`;
      result.error = `${describeCommand(file, args)} ${why}`;
    }
    return result;
  } catch (e) {
    if (!isSaferpmError(e)) throw e;
    return { argv, exitCode: -1, output: '', verdict: 'error', durationMs: 0, error: e.message };
  }
}

/** Read the exit code the way the tool documents it; others: 0 clean, anything else an error. */
export function verdictOf(file: string, exitCode: number): IntegrityVerdict {
  if (exitCode === 0) return 'clean';
  const tool = path.basename(file);
  if (tool === 'aide') return exitCode >= 1 && exitCode <= 7 ? 'changes' : 'error';
  if (tool === 'tripwire') return exitCode >= 1 && exitCode <= 7 ? 'changes' : 'error';
  return 'error';
}

/** Keep the tool's output beside the run record: <runDir>/integrity-tool.txt (0600). */
export async function saveIntegrityOutput(runDir: string, result: IntegrityToolResult): Promise<string> {
  const file = path.join(runDir, 'integrity-tool.txt');
  const head = `# ${describeCommand(result.argv[0] ?? '', result.argv.slice(1))}: exit ${result.exitCode} (${result.verdict})${result.error ? `: ${result.error}` : ''}\n`;
  await writeFileAtomic(file, head + result.output, { mode: 0o600 });
  return file;
}
