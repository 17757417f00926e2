/**
 * Declarations of saferpm's subcommands (commander is imported here and
 * nowhere else). Each action loads its command module only when it runs, so
 * start-up stays fast. Command functions take typed options and an Output and
 * return the exit code; tests call them directly.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import type { Output } from '../output/output.js';
import { VERSION } from '../version.js';
import { SAFERPM_OPTIONS, type OptionSpec } from '../rpm/saferpm-options.js';
import { DNF_SAFERPM_OPTIONS } from '../dnf/cli/saferpm-options.js';
import { EXIT_CODE_HELP } from './help-text.js';
import { registerBootCommands } from './commands-boot.js';
import { registerSnapshotCommands } from './commands-snapshot.js';
import { registerRecoveryCommands } from './commands-recovery.js';
import { registerAuditCommands } from './commands-audit.js';
import { registerShipCommands } from './commands-ship.js';
import { registerTrialCommands } from './commands-trial.js';

export type Action = (out: Output) => Promise<number>;
export type SetAction = (a: Action) => void;

export function buildProgram(out: Output, setAction: SetAction): Command {
  const program = new Command('saferpm');
  program
    .description('A drop-in for rpm -Uvh and dnf upgrade that never upgrades a kernel in place,\nchecks that the machine will boot, and writes down the way back.')
    .usage('RPM-ARGS...  |  saferpm dnf|yum ARGS...  |  saferpm COMMAND ...')
    .version(VERSION, '--version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.out(s.replace(/\n$/, '')), writeErr: (s) => { if (!s.startsWith('error:')) out.out(s.replace(/\n$/, '')); } /* errors are rethrown as UsageError and reported once; help shown for a missing subcommand is kept */ })
    .addHelpText('after', () => rpmHelp());

  program
    .command('vercmp')
    .description("compare two [epoch:]version[-release] strings as rpm does (exit 0 equal, 11 A newer, 12 B newer)")
    .argument('[A]')
    .argument('[B]')
    .option('--batch', 'read A<TAB>B lines on stdin, print -1, 0 or 1 for each')
    .action((a: string | undefined, b: string | undefined, o: { batch?: boolean }) =>
      setAction(async (out) => (await import('../commands/vercmp.js')).vercmp({ a, b, batch: Boolean(o.batch) }, out)));

  registerBootCommands(program, setAction);
  registerSnapshotCommands(program, setAction);
  registerRecoveryCommands(program, setAction);
  registerAuditCommands(program, setAction);
  registerShipCommands(program, setAction);
  registerTrialCommands(program, setAction);
  return program;
}

export async function runProgram(argv: string[], out: Output): Promise<number> {
  let action: Action | undefined;
  const program = buildProgram(out, (a) => { action = a; });
  try {
    await program.parseAsync(argv.length ? argv : ['--help'], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      if (e.code === 'commander.help') return EXIT.USAGE; // help shown because a subcommand was missing
      throw new UsageError(e.message.replace(/^error: /, ''));
    }
    throw e;
  }
  return action ? action(out) : EXIT.OK;
}

function rpmHelp(): string {
  const lines = Object.entries(SAFERPM_OPTIONS as Record<string, OptionSpec>).flatMap(([name, spec]) => [
    `  --${name}${spec.value ? ' ' + spec.value : ''}`,
    ...wrap(spec.help, 72).map((l) => `      ${l}`),
  ]);
  const dnf = Object.entries(DNF_SAFERPM_OPTIONS as Record<string, OptionSpec>).flatMap(([name, spec]) => [
    `  --saferpm-${name}${spec.value ? ' ' + spec.value : ''}`,
    ...wrap(spec.help, 72).map((l) => `      ${l}`),
  ]);
  return [
    '',
    'rpm drop-in: saferpm -Uvh|-ivh|-Fvh [rpm and saferpm options] PACKAGE-FILE...',
    '  Install-only packages (kernels) given to -U or -F are installed with -i, so',
    '  the running kernel stays. Every rpm option is passed to rpm unchanged and in',
    '  order.',
    '  Other rpm modes (-q, -V, -e, ...) pass straight through; erasing the running',
    '  kernel is refused.',
    '',
    'saferpm options on the rpm command line:',
    ...lines,
    '',
    'dnf and yum: saferpm dnf|yum [dnf options] COMMAND [--saferpm-OPTION...] ...',
    '  The real dnf/yum runs with the arguments unchanged, after saferpm worked out',
    '  what the transaction will do; read-only commands pass straight through.',
    "  saferpm's options there (removed before dnf runs):",
    ...dnf,
    '',
    EXIT_CODE_HELP,
  ].join('\n');
}

export { Option };

/** Break text into lines of at most `width` characters (help reads on an 80-column console). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
