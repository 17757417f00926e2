/**
 * dnf's and yum's command line as saferpm needs it: the command word, the
 * general options that change what dnf reads and writes (--installroot, -c,
 * --setopt, --releasever, -x, --disableexcludes, -y, --assumeno, ...), and
 * saferpm's own --saferpm-* options, which are taken out. Everything else is
 * handed to dnf exactly as written and in order. The grammar is dnf 4's
 * argparse one (dnf/cli/option_parser.py): general options may come before
 * or after the command; `--opt=value`, `--opt value`, unique prefixes of long
 * options, and clusters of short flags such as `-yq` or `-yc FILE`.
 */
import { UsageError } from '../../errors.js';
import { longOption, shortOption, type GlobalOption } from './global-options.js';
import { dnfOptionSpec, SAFERPM_PREFIX, setDnfSaferpmOption, type DnfSaferpmOptions } from './saferpm-options.js';

/** One --setopt: `key=value` for [main], `repo.key=value` for repositories (repo may be a glob). */
export interface Setopt {
  key: string;
  value: string;
  repo?: string;
}

export interface DnfGlobals {
  installroot?: string;
  config?: string;
  releasever?: string;
  setopts: Setopt[];
  /** -x/--exclude values, split as dnf splits them (a first empty item clears the configured list). */
  excludes: string[];
  disableExcludes: string[];
  disablePlugins: string[];
  noplugins: boolean;
  assumeyes: boolean;
  assumeno: boolean;
  downloadonly: boolean;
  help: boolean;
  version: boolean;
  /** -q/--quiet (dnf: debuglevel 0) and -v/--verbose (dnf applies it after -q: verbose wins). */
  quiet: boolean;
  verbose: boolean;
}

export interface DnfCommandLine {
  tool: 'dnf' | 'yum';
  /** As given after 'saferpm dnf'. */
  argv: readonly string[];
  /** For dnf: argv without saferpm's options, otherwise unchanged and in order. */
  args: string[];
  saferpm: DnfSaferpmOptions;
  /** The command word as written ('update', 'upgrade', 'rm', ...); undefined when none was given. */
  command?: string;
  /** Words after the command: subcommands and package specs. */
  operands: string[];
  globals: DnfGlobals;
}

export function parseDnfArgs(tool: 'dnf' | 'yum', argv: readonly string[]): DnfCommandLine {
  const cl: DnfCommandLine = { tool, argv, args: [], saferpm: {}, operands: [], globals: emptyGlobals() };
  let positionalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!positionalOnly && a.startsWith(SAFERPM_PREFIX)) {
      i = takeSaferpmOption(cl, argv, i);
      continue;
    }
    cl.args.push(a);
    if (positionalOnly || a === '-' || !a.startsWith('-')) positional(cl, a);
    else if (a === '--') positionalOnly = true;
    else if (a.startsWith('--')) i = takeLong(cl, argv, i);
    else i = takeShortCluster(cl, argv, i);
  }
  return cl;
}

function emptyGlobals(): DnfGlobals {
  return {
    setopts: [], excludes: [], disableExcludes: [], disablePlugins: [],
    noplugins: false, assumeyes: false, assumeno: false, downloadonly: false, help: false, version: false,
    quiet: false, verbose: false,
  };
}

function positional(cl: DnfCommandLine, word: string): void {
  if (cl.command === undefined) cl.command = word;
  else cl.operands.push(word);
}

function takeSaferpmOption(cl: DnfCommandLine, argv: readonly string[], i: number): number {
  const a = argv[i] as string;
  const eq = a.indexOf('=');
  const name = a.slice(SAFERPM_PREFIX.length, eq < 0 ? undefined : eq);
  const spec = dnfOptionSpec(name);
  if (!spec) setDnfSaferpmOption(cl.saferpm, name, undefined); // throws the usage error
  if (!spec?.value) {
    if (eq >= 0) throw new UsageError(`${SAFERPM_PREFIX}${name} takes no value`);
    setDnfSaferpmOption(cl.saferpm, name, undefined);
    return i;
  }
  if (eq >= 0) {
    setDnfSaferpmOption(cl.saferpm, name, a.slice(eq + 1));
    return i;
  }
  setDnfSaferpmOption(cl.saferpm, name, argv[i + 1]);
  return i + 1;
}

function takeLong(cl: DnfCommandLine, argv: readonly string[], i: number): number {
  const a = argv[i] as string;
  const eq = a.indexOf('=');
  const opt = longOption(a.slice(2, eq < 0 ? undefined : eq));
  if (!opt) return i; // a command option (--qf, --nodeps ...) or an error dnf reports itself
  if (!opt.takesValue) {
    record(cl, opt, undefined);
    return i;
  }
  if (eq >= 0) {
    record(cl, opt, a.slice(eq + 1));
    return i;
  }
  return takeNextValue(cl, opt, argv, i);
}

function takeShortCluster(cl: DnfCommandLine, argv: readonly string[], i: number): number {
  const a = argv[i] as string;
  for (let k = 1; k < a.length; k++) {
    const opt = shortOption(a[k] as string);
    if (!opt) return i; // unknown letter: dnf reports it
    if (!opt.takesValue) {
      record(cl, opt, undefined);
      continue;
    }
    const rest = a.slice(k + 1).replace(/^=/, '');
    if (rest !== '') {
      record(cl, opt, rest);
      return i;
    }
    return takeNextValue(cl, opt, argv, i);
  }
  return i;
}

function takeNextValue(cl: DnfCommandLine, opt: GlobalOption, argv: readonly string[], i: number): number {
  const value = argv[i + 1];
  if (value === undefined) return i; // dnf: "expected one argument"
  cl.args.push(value);
  record(cl, opt, value);
  return i + 1;
}

/** dnf's _SplitCallback: split at commas and white space; only the first item may be empty (it clears). */
export function splitOptionList(value: string): string[] {
  return value.split(/\s*[,\s]\s*/).filter((v, k) => k === 0 || v !== '');
}

function record(cl: DnfCommandLine, opt: GlobalOption, value: string | undefined): void {
  const g = cl.globals;
  switch (opt.name) {
    case 'installroot': g.installroot = value; break;
    case 'config': g.config = value; break;
    case 'releasever': g.releasever = value; break;
    case 'setopt': if (value !== undefined) pushSetopt(g, value); break;
    case 'exclude': if (value !== undefined) g.excludes.push(...splitOptionList(value)); break;
    case 'disableexcludes': if (value !== undefined) g.disableExcludes.push(...splitOptionList(value)); break;
    case 'disableplugin': if (value !== undefined) g.disablePlugins.push(...splitOptionList(value)); break;
    case 'noplugins': g.noplugins = true; break;
    case 'assumeyes': g.assumeyes = true; break;
    case 'assumeno': g.assumeno = true; break;
    case 'downloadonly': g.downloadonly = true; break;
    case 'help': g.help = true; break;
    case 'version': g.version = true; break;
    case 'quiet': g.quiet = true; break;
    case 'verbose': g.verbose = true; break;
    default: break;
  }
}

/** dnf's _SetoptsCallback: exactly one '='; the part before the last '.' of the key is a repository id. */
function pushSetopt(g: DnfGlobals, text: string): void {
  const parts = text.split('=');
  if (parts.length !== 2) return; // dnf warns and ignores it
  const [key, value] = parts as [string, string];
  const dot = key.lastIndexOf('.');
  g.setopts.push(dot < 0 ? { key, value } : { repo: key.slice(0, dot), key: key.slice(dot + 1), value });
}
