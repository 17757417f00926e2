/**
 * Entry point. Three ways in:
 *   saferpm SUBCOMMAND ...   saferpm's own commands (declared in program.ts)
 *   saferpm dnf|yum ARGS...  the dnf/yum path
 *   saferpm RPM-ARGS...      the drop-in for rpm (-Uvh, -ivh, -Fvh; other modes pass through)
 * and exactly one catch that turns errors into messages and exit codes.
 */
import { EXIT, isSaferpmError } from '../errors.js';
import { consoleOutput, type Output } from '../output/output.js';
import { VERSION } from '../version.js';

export const SUBCOMMANDS = new Set([
  'vercmp', 'boot', 'note', 'reboot', 'preflight', 'history', 'undo', 'snapshot', 'restore', 'plan', 'shim', 'trial', 'help',
]);

export async function main(argv: string[], out: Output = consoleOutput()): Promise<number> {
  const first = argv[0];
  if (first === '--version' && argv.length === 1) {
    out.out(`saferpm ${VERSION}`);
    return EXIT.OK;
  }
  try {
    if (first === undefined || first === '--help' || first === '-h' || (first !== undefined && SUBCOMMANDS.has(first))) {
      const { runProgram } = await import('./program.js');
      return await runProgram(argv, out);
    }
    if (first === 'dnf' || first === 'yum') {
      const { runDnf } = await import('../commands/dnf.js');
      return await runDnf(first, argv.slice(1), out);
    }
    const { runRpm } = await import('../commands/rpm.js');
    return await runRpm(argv, out);
  } catch (e) {
    return reportError(e, out);
  }
}

export function reportError(e: unknown, out: Output): number {
  if (isSaferpmError(e)) {
    out.error(e.message.replace(/\s*\n\s*/g, ' '));
    if (e.hint) out.info(`hint: ${e.hint}`);
    return e.exitCode;
  }
  const err = e as Error;
  out.error(`internal error: ${err?.message ?? String(e)}`);
  if (process.env.SAFERPM_DEBUG) out.info(err?.stack ?? '');
  out.info('hint: this is a bug in saferpm; please report it with the command line you used');
  return EXIT.SOFTWARE;
}
