/**
 * dnf's command aliases (dnf/cli/aliases.py, dnf 4.14), so that `saferpm dnf
 * dup` is known to be `distro-sync` (Debian's and Fedora's dnf ship
 * aliases.d/zypper.conf: dup, dist-upgrade, ref, refresh, ri). Read from the
 * host's /etc/dnf/aliases.d like dnf (not from the installroot): every
 * *.conf file in name order, then USER.conf; ALIASES.conf [main] enabled=0 or
 * DNF_DISABLE_ALIASES turns them off. Only the classification uses the
 * expansion: dnf gets the arguments as written and expands them itself.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDnfArgs, type DnfCommandLine } from './argv.js';
import { parseBool } from '../../dnf-config/option-values.js';
import { parseIni } from '../../dnf-config/parse-ini.js';

export const ALIASES_DIR = '/etc/dnf/aliases.d';

export type Aliases = Map<string, string[]>;

export async function loadAliases(dir = ALIASES_DIR, env: NodeJS.ProcessEnv = process.env): Promise<Aliases> {
  const aliases: Aliases = new Map();
  if (env.DNF_DISABLE_ALIASES !== undefined && parseBool(env.DNF_DISABLE_ALIASES) !== false) return aliases;
  const main = await readConf(path.join(dir, 'ALIASES.conf'));
  if (main && !enabled(main)) return aliases;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !['ALIASES.conf', 'USER.conf'].includes(n) && !n.startsWith('.') && /\.(conf|CONF)$/.test(n)).sort();
  } catch {
    return aliases;
  }
  for (const name of [...names, 'USER.conf']) {
    const conf = await readConf(path.join(dir, name));
    if (!conf || !enabled(conf)) continue;
    for (const [key, v] of conf.get('aliases') ?? []) if (v.value) aliases.set(key, v.value.split(/\s+/).filter(Boolean));
  }
  return aliases;
}

type Conf = ReturnType<typeof parseIni>;

async function readConf(file: string): Promise<Conf | undefined> {
  try {
    return parseIni(await readFile(file, 'utf8'), file);
  } catch {
    return undefined; // missing, or dnf would warn "Config error" and skip it
  }
}

function enabled(conf: Conf): boolean {
  return parseBool(conf.get('main')?.get('enabled')?.value ?? '1') ?? true;
}

/**
 * Aliases._resolve: leading options are kept aside; when the next word is an
 * alias it is replaced by its expansion, recursively; '\WORD' stops the
 * expansion (and loses the '\'). Infinite recursion: dnf uses the original
 * arguments.
 */
export function expandAliases(args: readonly string[], aliases: Aliases): string[] {
  if (aliases.size === 0) return [...args];
  const prefix: string[] = [];
  const stack: string[] = [];
  const storePrefix = (words: string[]): string[] => {
    let n = 0;
    while (n < words.length && (words[n] === '' || (words[n] as string).startsWith('-'))) n++;
    prefix.push(...words.slice(0, n));
    return words.slice(n);
  };
  const resolve = (words: string[]): string[] => {
    const suffix = storePrefix(words);
    const first = suffix[0];
    if (first === undefined || !aliases.has(first) || first.startsWith('\\')) {
      stack.pop();
      if (first?.startsWith('\\')) suffix[0] = first.slice(1);
      return suffix;
    }
    if (stack.includes(first)) throw new Error('Aliases contain infinite recursion');
    stack.push(first);
    const expanded = resolve([...(aliases.get(first) as string[])]);
    return expanded.length ? [...expanded, ...suffix.slice(1)] : resolve(suffix.slice(1));
  };
  try {
    const suffix = resolve([...args]);
    return [...prefix, ...suffix];
  } catch {
    return [...args];
  }
}

/**
 * The command line as dnf will understand it after expanding aliases: the
 * command, operands and general options of the expansion; the arguments
 * dnf gets (and saferpm's options) stay as written.
 */
export function withAliases(written: DnfCommandLine, aliases: Aliases): DnfCommandLine {
  const expanded = expandAliases(written.args, aliases);
  if (expanded.length === written.args.length && expanded.every((a, k) => a === written.args[k])) return written;
  return { ...parseDnfArgs(written.tool, expanded), argv: written.argv, args: written.args, saferpm: written.saferpm };
}
