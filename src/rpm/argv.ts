/**
 * rpm's command-line syntax, as far as saferpm needs it: which mode, which
 * package arguments, which options select the database, and saferpm's own
 * long options (which rpm does not have). Everything else is kept as written,
 * in order, and handed back to rpm unchanged. Option names and which take a
 * value follow rpm 4.18's popt tables (rpm --help).
 */
import { UsageError } from '../errors.js';
import { optionSpec, type SaferpmOptions, parseSaferpmOption } from './saferpm-options.js';
import type { RpmPlanOptions } from './rpm-plan.js';

export type RpmMode = 'install' | 'upgrade' | 'freshen' | 'erase' | 'query' | 'verify' | 'other' | 'none';

/** One piece of the command line, kept as written. */
export type Token =
  | { kind: 'mode'; mode: RpmMode; text: string }
  /** A cluster of short flags such as -Uvh; `modeAt` is the index of its mode letter. */
  | { kind: 'cluster'; letters: string; modeAt: number; text: string }
  | { kind: 'option'; name: string; value?: string; text: string[] }
  | { kind: 'package'; text: string };

export interface RpmCommandLine {
  mode: RpmMode;
  tokens: Token[];
  /** Package files (install modes) or package names (erase, query). */
  packages: string[];
  /** --root/--dbpath/--define and friends, in order: passed to every rpm query saferpm makes. */
  globalArgs: string[];
  root?: string;
  /** Long names of the flags given (short ones mapped to their long name): 'test', 'nodeps', ... */
  flags: Set<string>;
  saferpm: SaferpmOptions;
  /** The command line as given, and which of its arguments were saferpm's own options (by name). */
  argv: readonly string[];
  saferpmArgs: { name: string; indices: number[] }[];
}

/** saferpm options that are also rpm options in other modes (rpm -q --changelog). */
const ALSO_RPM = new Set(['changelog']);

const MODE_LONG: Record<string, RpmMode> = {
  install: 'install', upgrade: 'upgrade', freshen: 'freshen', erase: 'erase',
  query: 'query', verify: 'verify', checksig: 'other', import: 'other', initdb: 'other',
  rebuilddb: 'other', verifydb: 'other', setperms: 'other', setugids: 'other', restore: 'other',
  reinstall: 'other', eval: 'other', showrc: 'other', querytags: 'other', version: 'other', setcaps: 'other',
};
const MODE_SHORT: Record<string, RpmMode> = { i: 'install', U: 'upgrade', F: 'freshen', e: 'erase', q: 'query', V: 'verify', K: 'other', y: 'verify' };

/** rpm's long options that take a value (as --opt VALUE or --opt=VALUE). */
const VALUE_LONG = new Set([
  'root', 'dbpath', 'define', 'undefine', 'predefine', 'eval', 'target', 'macros', 'load', 'rcfile',
  'prefix', 'relocate', 'excludepath', 'queryformat', 'qf', 'pipe', 'fileid', 'ftpport', 'ftpproxy', 'httpport', 'httpproxy',
]);
const VALUE_SHORT: Record<string, string> = { r: 'root', D: 'define', E: 'eval' };
const FLAG_SHORT: Record<string, string> = { v: 'verbose', h: 'hash', a: 'all', p: 'package', f: 'file', l: 'list', c: 'configfiles', d: 'docfiles', s: 'state', L: 'licensefiles', A: 'artifactfiles', g: 'group', '?': 'help' };
/** Options that choose the database, root or macros: saferpm's own queries must see the same. */
const GLOBAL = new Set(['root', 'dbpath', 'define', 'undefine', 'predefine', 'macros', 'rcfile', 'load']);

export function parseRpmArgs(argv: readonly string[]): RpmCommandLine {
  const cl: RpmCommandLine = { mode: 'none', tokens: [], packages: [], globalArgs: [], flags: new Set(), saferpm: {}, argv, saferpmArgs: [] };
  const modes: RpmMode[] = [];
  const pendingSaferpm: [string, string | undefined][] = [];
  let i = 0;
  const next = (opt: string): string => {
    if (i + 1 >= argv.length) throw new UsageError(`option ${opt} needs a value`);
    return argv[++i] as string;
  };
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) addPackage(cl, rest);
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = optionSpec(name);
      if (spec) {
        const start = i;
        const value = spec.value ? (eq > 0 ? arg.slice(eq + 1) : next(arg)) : undefined;
        if (!spec.value && eq > 0) throw new UsageError(`option --${name} takes no value`);
        cl.saferpmArgs.push({ name, indices: start === i ? [i] : [start, i] });
        pendingSaferpm.push([name, value]);
        continue;
      }
      const mode = MODE_LONG[name];
      if (mode) {
        modes.push(mode);
        cl.tokens.push({ kind: 'mode', mode, text: arg });
        continue;
      }
      if (VALUE_LONG.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : next(arg);
        const text = eq > 0 ? [arg] : [arg, value];
        addOption(cl, name, value, text);
        continue;
      }
      cl.flags.add(name);
      cl.tokens.push({ kind: 'option', name, text: [arg] });
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      i = parseCluster(cl, argv, i, modes);
      continue;
    }
    addPackage(cl, arg);
  }
  cl.mode = resolveMode(modes);
  const install = isInstallMode(cl.mode);
  for (const [name, value] of pendingSaferpm) {
    if (!install && ALSO_RPM.has(name)) {
      cl.saferpmArgs = cl.saferpmArgs.filter((a) => a.name !== name);
      continue;
    }
    parseSaferpmOption(cl.saferpm, name, value);
  }
  if (install) checkConflicts(cl);
  return cl;
}

/** Option pairs that contradict each other; refused before anything is read. */
function checkConflicts(cl: RpmCommandLine): void {
  const o = cl.saferpm;
  if (o.allowKernelUpgrade && o.keepKernels) {
    throw new UsageError('--allow-kernel-upgrade and --keep-kernels contradict each other: the first erases every older kernel, the second keeps N');
  }
  if (o.allowKernelUpgrade && cl.mode === 'install') throw new UsageError('--allow-kernel-upgrade has no meaning with -i, which never erases a kernel');
  if (o.oneAtATime && cl.flags.has('test')) throw new UsageError('--one-at-a-time applies groups one after the other; with --test nothing is applied (use --dry-run to see the plan)');
}

/** The command line for a mode saferpm passes straight through: as given, minus saferpm's own options. */
export function passthroughArgv(cl: RpmCommandLine): string[] {
  const drop = new Set(cl.saferpmArgs.flatMap((a) => a.indices));
  return cl.argv.filter((_, i) => !drop.has(i));
}

function parseCluster(cl: RpmCommandLine, argv: readonly string[], i: number, modes: RpmMode[]): number {
  const arg = argv[i] as string;
  const letters = arg.slice(1);
  let modeAt = -1;
  for (let k = 0; k < letters.length; k++) {
    const c = letters[k] as string;
    const valueName = VALUE_SHORT[c];
    if (valueName) {
      // rpm (popt) takes the rest of the cluster, or the next argument, as the value.
      const inline = letters.slice(k + 1);
      const value = inline !== '' ? inline : argv[i + 1];
      if (value === undefined) throw new UsageError(`option -${c} needs a value`);
      if (k > 0) cl.tokens.push({ kind: 'cluster', letters: letters.slice(0, k), modeAt, text: `-${letters.slice(0, k)}` });
      addOption(cl, valueName, value, inline !== '' ? [`-${c}${inline}`] : [`-${c}`, value]);
      return inline !== '' ? i : i + 1;
    }
    const mode = MODE_SHORT[c];
    if (mode) {
      // In query and verify modes -i means --info; rpm decides by the other letters too.
      modes.push(mode);
      if (modeAt < 0) modeAt = k;
    } else if (FLAG_SHORT[c]) {
      cl.flags.add(FLAG_SHORT[c] as string);
    } else {
      cl.flags.add(c);
    }
  }
  cl.tokens.push({ kind: 'cluster', letters, modeAt, text: arg });
  return i;
}

function addOption(cl: RpmCommandLine, name: string, value: string, text: string[]): void {
  cl.tokens.push({ kind: 'option', name, value, text });
  cl.flags.add(name);
  if (GLOBAL.has(name)) cl.globalArgs.push(...text);
  if (name === 'root') cl.root = value;
}

function addPackage(cl: RpmCommandLine, arg: string): void {
  cl.packages.push(arg);
  cl.tokens.push({ kind: 'package', text: arg });
}

function resolveMode(modes: RpmMode[]): RpmMode {
  if (modes.length === 0) return 'none';
  // -qi / -Vi: with a query or verify mode, 'i' is --info, not --install.
  if (modes.includes('query')) return 'query';
  if (modes.includes('verify')) return 'verify';
  const distinct = [...new Set(modes)];
  if (distinct.length > 1) {
    const install = distinct.filter((m) => m === 'install' || m === 'upgrade' || m === 'freshen' || m === 'erase');
    if (install.length > 1) throw new UsageError(`only one major mode may be given (found ${install.map(modeFlag).join(', ')})`);
    return 'other';
  }
  return distinct[0] as RpmMode;
}

export function modeFlag(mode: RpmMode): string {
  return { install: '-i', upgrade: '-U', freshen: '-F', erase: '-e', query: '-q', verify: '-V', other: '', none: '' }[mode];
}

export const isInstallMode = (m: RpmMode): m is 'install' | 'upgrade' | 'freshen' => m === 'install' || m === 'upgrade' || m === 'freshen';

/**
 * The argument vector for one rpm run: the user's options in their order with
 * the mode replaced (a -Uvh cluster becomes -ivh), then '--' and the packages.
 * '--' keeps a package file named like an option from being read as one.
 */
export function buildRpmArgs(cl: RpmCommandLine, mode: 'install' | 'upgrade' | 'freshen' | 'erase', packages: readonly string[], extra: readonly string[] = []): string[] {
  const letter = { install: 'i', upgrade: 'U', freshen: 'F', erase: 'e' }[mode];
  const out: string[] = [];
  let modeWritten = false;
  for (const t of cl.tokens) {
    if (t.kind === 'package') continue;
    if (t.kind === 'mode') {
      if (!modeWritten) out.push(`-${letter}`);
      modeWritten = true;
    } else if (t.kind === 'cluster') {
      if (t.modeAt >= 0 && !modeWritten) {
        out.push(`-${t.letters.slice(0, t.modeAt)}${letter}${t.letters.slice(t.modeAt + 1)}`);
        modeWritten = true;
      } else {
        out.push(t.text);
      }
    } else {
      out.push(...t.text);
    }
  }
  if (!modeWritten) out.unshift(`-${letter}`);
  return [...out, ...extra, '--', ...packages];
}

/** rpm -e with the user's global and erase-relevant options (--root, --dbpath, --define, --nodeps, --test, -v). */
export function buildEraseArgs(cl: RpmCommandLine, nevras: readonly string[]): string[] {
  const passOn = new Set(['nodeps', 'noscripts', 'test', 'verbose', 'quiet', 'notriggers', 'noplugins', 'justdb']);
  const args = ['-e', ...cl.globalArgs];
  for (const f of cl.flags) if (passOn.has(f)) args.push(`--${f}`);
  return [...args, '--', ...nevras];
}

/** What of the command line shapes the plan (src/rpm/rpm-plan.ts): read here once. */
export function rpmPlanOptions(cl: RpmCommandLine, extra: { keepKernels?: number } = {}): RpmPlanOptions {
  const options: RpmPlanOptions = {
    rpmArgs: (mode, packages) => buildRpmArgs(cl, mode, packages),
    eraseArgs: (nevras) => buildEraseArgs(cl, nevras),
    replacePackages: cl.flags.has('replacepkgs') || cl.flags.has('force'),
    allowKernelUpgrade: Boolean(cl.saferpm.allowKernelUpgrade),
    oneAtATime: Boolean(cl.saferpm.oneAtATime),
  };
  const keep = cl.saferpm.keepKernels ?? extra.keepKernels;
  if (keep !== undefined) options.keepKernels = keep;
  return options;
}
