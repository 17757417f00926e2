/**
 * Commands that change no package (list, info, check-update, repoquery,
 * history list, --help, --version, ...) go to dnf exactly as given: same
 * arguments, same environment, dnf's own output on the terminal and its exit
 * code (check-update exits 100 when updates exist).
 */
import { runCommand } from '../../exec/run.js';

export async function passthroughDnf(binary: string, args: readonly string[]): Promise<number> {
  const r = await runCommand(binary, args, { mode: 'inherit', environment: 'inherit', forwardSignals: true, providedBy: 'dnf' });
  return r.exitCode;
}
