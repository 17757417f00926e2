/**
 * The user's general options for a dnf query saferpm runs itself (repoquery):
 * what decides which dnf, configuration and repositories are read
 * (--installroot, -c, --releasever, --setopt, --repo, --enablerepo,
 * --repofrompath, -x, --nogpgcheck, -C, --forcearch, ...) in the user's order,
 * without the command word, its operands and command options. Dropped too:
 * options that would change the query's answer or behaviour rather than
 * where it looks: the update filters (--security, --advisory, --cve, ...:
 * repoquery applies them, dnf/cli/cli.py _populate_update_security_filter),
 * --obsoletes (repoquery's own --obsoletes is another option), the output
 * level and colour, --randomwait (it would sleep again), --refresh (the probe
 * has just refreshed the cache), and the answers to the prompt.
 */
import { longOption, shortOption } from './global-options.js';

const DROPPED = new Set([
  'bugfix', 'enhancement', 'newpackage', 'security', 'advisory', 'bz', 'cve', 'sec-severity',
  'obsoletes', 'quiet', 'verbose', 'debuglevel', 'errorlevel', 'rpmverbosity', 'color', 'debugsolver',
  'randomwait', 'refresh', 'assumeyes', 'assumeno', 'downloadonly', 'destdir', 'comment', 'help', 'version',
]);

/** From dnf's arguments (saferpm's own already taken out): the general options that stay, with their values. */
export function queryGlobals(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') break; // only operands follow
    if (a === '-' || !a.startsWith('-')) continue; // the command word and its operands
    const taken = a.startsWith('--') ? long(a, args[i + 1]) : short(a, args[i + 1]);
    if (!taken) continue; // a command option (or an error dnf reported at the probe)
    kept.push(...taken.tokens);
    if (taken.usedNext) i++;
  }
  return kept;
}

interface Taken {
  /** What the query gets of this argument (nothing when dropped). */
  tokens: string[];
  /** The next argument was this option's value. */
  usedNext: boolean;
}

function long(a: string, next: string | undefined): Taken | undefined {
  const eq = a.indexOf('=');
  const opt = longOption(a.slice(2, eq < 0 ? undefined : eq));
  if (!opt) return undefined;
  const usedNext = opt.takesValue && eq < 0 && next !== undefined;
  if (DROPPED.has(opt.name)) return { tokens: [], usedNext };
  return { tokens: usedNext ? [a, next as string] : [a], usedNext };
}

/** A cluster of short options (-yq, -yc FILE, -xkernel*), without its dropped letters (-yc FILE: -c FILE). */
function short(a: string, next: string | undefined): Taken | undefined {
  let flags = '';
  for (let k = 1; k < a.length; k++) {
    const opt = shortOption(a[k] as string);
    if (!opt) return undefined; // argparse refuses the cluster; the probe would have failed
    const keep = !DROPPED.has(opt.name);
    if (!opt.takesValue) {
      if (keep) flags += a[k];
      continue;
    }
    const rest = a.slice(k + 1).replace(/^=/, '');
    const usedNext = rest === '' && next !== undefined;
    const value = usedNext ? [`-${a[k]}`, next as string] : [`-${a[k]}${rest}`];
    return { tokens: [...(flags ? [`-${flags}`] : []), ...(keep ? value : [])], usedNext };
  }
  return { tokens: flags ? [`-${flags}`] : [], usedNext: false };
}
