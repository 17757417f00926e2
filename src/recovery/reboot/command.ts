/**
 * Running the reboot command: the plan's [policy] reboot_command, an argument
 * vector run without a shell (default systemctl reboot, systemctl(1)), through
 * the one process adapter. 'systemctl reboot' queues the reboot job and
 * returns, so its exit code says whether the reboot was accepted.
 */
import { EXIT, SaferpmError } from '../../errors.js';
import { describeCommand, runCommand } from '../../exec/run.js';

export interface RebootResult {
  exitCode: number;
  /** stderr (else stdout), trimmed to one line, for the error and the log. */
  said: string;
}

export async function runRebootCommand(argv: readonly string[]): Promise<RebootResult> {
  const [file, ...args] = argv;
  if (!file) throw new SaferpmError('the reboot command is empty', EXIT.CONFIG, 'set [policy] reboot_command in /etc/saferpm/plan.toml, e.g. ["systemctl", "reboot"]');
  const r = await runCommand(file, args, { providedBy: file === 'systemctl' ? 'systemd' : undefined });
  const said = (r.stderr.trim() || r.stdout.trim()).split('\n').join(' ').slice(0, 300);
  return { exitCode: r.exitCode, said };
}

export function rebootFailed(argv: readonly string[], r: RebootResult, notePath: string): SaferpmError {
  const cmd = describeCommand(argv[0] ?? '', argv.slice(1));
  return new SaferpmError(
    `the reboot command '${cmd}' failed (exit ${r.exitCode})${r.said ? `: ${r.said}` : ''}; the machine was not rebooted`,
    EXIT.UNAVAILABLE,
    `the note is written (${notePath}); fix the command ([policy] reboot_command) or reboot by hand`,
  );
}
