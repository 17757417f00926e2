/**
 * The one description of saferpm's command line that --help, the man page and
 * the completions are all made from: commander's own program (program.ts), read
 * through commander's Help class (the same calls --help makes: visible
 * commands, options and arguments), plus the rpm drop-in's option table
 * (SAFERPM_OPTIONS) and the exit-code table (EXIT_CODE_HELP).
 */
import type { Command, Help, Option } from 'commander';
import { buildProgram } from '../cli/program.js';
import { memoryOutput } from '../output/output.js';
import { EXIT_CODE_HELP } from '../cli/help-text.js';
import { SAFERPM_OPTIONS, type OptionSpec } from '../rpm/saferpm-options.js';
import { DNF_SAFERPM_OPTIONS } from '../dnf/cli/saferpm-options.js';

export interface CliOption {
  /** As --help shows it: '--root <dir>', '-h, --help'. */
  flags: string;
  long?: string;
  short?: string;
  /** The value's name ('dir') when the option takes one. */
  value?: string;
  description: string;
}

export interface CliArgument {
  /** As in usage: '<ID>', '[FILE...]'. */
  term: string;
  description: string;
}

export interface CliCommand {
  /** Words after 'saferpm': ['boot', 'check']; [] for the program. */
  path: string[];
  name: string;
  usage: string;
  description: string;
  arguments: CliArgument[];
  options: CliOption[];
  commands: CliCommand[];
}

export interface CliModel {
  program: CliCommand;
  /** saferpm's own long options on the rpm command line. */
  rpmOptions: { name: string; value?: string; help: string }[];
  /** saferpm's own options inside 'saferpm dnf|yum ...' (each --saferpm-NAME). */
  dnfOptions: { name: string; value?: string; help: string }[];
  exitCodes: { code: string; meaning: string }[];
}

/** commander's implicit 'help [command]' and '-h, --help' are shown by --help but documented once, not per command. */
export const isHelpCommand = (c: CliCommand): boolean => c.name === 'help';
export const isHelpOption = (o: CliOption): boolean => o.long === '--help';

export function saferpmModel(): CliModel {
  const program = buildProgram(memoryOutput(), () => undefined);
  return {
    program: commandModel(program, program.createHelp(), []),
    rpmOptions: Object.entries(SAFERPM_OPTIONS as Record<string, OptionSpec>).map(([name, s]) => ({ name, ...s })),
    dnfOptions: Object.entries(DNF_SAFERPM_OPTIONS as Record<string, OptionSpec>).map(([name, s]) => ({ name: `saferpm-${name}`, ...s })),
    exitCodes: parseExitCodes(EXIT_CODE_HELP),
  };
}

export function commandModel(cmd: Command, help: Help, parent: string[]): CliCommand {
  const path = cmd.parent ? [...parent, cmd.name()] : [];
  return {
    path,
    name: cmd.name(),
    usage: help.commandUsage(cmd),
    description: help.commandDescription(cmd),
    arguments: help.visibleArguments(cmd).map((a) => ({ term: humanArg(a.name(), a.required, a.variadic), description: help.argumentDescription(a) })),
    options: help.visibleOptions(cmd).map((o) => optionModel(o, help)),
    commands: help.visibleCommands(cmd).map((c) => commandModel(c, c.createHelp(), path)),
  };
}

function optionModel(o: Option, help: Help): CliOption {
  const m: CliOption = { flags: help.optionTerm(o), description: help.optionDescription(o) };
  if (o.long) m.long = o.long;
  if (o.short) m.short = o.short;
  const value = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1];
  if (value) m.value = value;
  return m;
}

function humanArg(name: string, required: boolean, variadic: boolean): string {
  const n = `${name}${variadic ? '...' : ''}`;
  return required ? `<${n}>` : `[${n}]`;
}

/** '  80       do not reboot: ...' lines of EXIT_CODE_HELP. */
export function parseExitCodes(text: string): { code: string; meaning: string }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^\s+(\S+)\s{2,}(.+)$/.exec(line);
    return m ? [{ code: m[1] as string, meaning: m[2] as string }] : [];
  });
}

/** Every command, depth first, the program first. */
export function allCommands(c: CliCommand): CliCommand[] {
  return [c, ...c.commands.flatMap(allCommands)];
}
