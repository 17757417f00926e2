/**
 * The rpm shim's text: a POSIX sh script that only chooses and execs. Pure.
 *
 * Why sh and not Node: rpm is called all the time (rpm -q in scripts and
 * scriptlets, configuration management gathering facts); a shell that execs
 * costs about a millisecond where Node costs 50-90 ms, and rpm keeps working
 * when Node itself is broken, which is when an admin needs rpm to repair it.
 * The shell only has to answer "could rpm install here?"; when it says yes,
 * saferpm's own parser (src/rpm/argv.ts) decides, and hands every other mode
 * to the real rpm unchanged. So a false "yes" costs time, never behaviour.
 *
 * The rules, checked against rpm 4.18 (test/integration/ship-shim-routing):
 * -i, -U and -F (alone or in a cluster such as -Uvh) and --install,
 * --upgrade, --freshen select an install mode; popt takes no abbreviations
 * and rpmpopt defines no alias that installs. A cluster starting with -q or
 * -V is a query or verify (there -i means --info), and a query or verify
 * anywhere wins over -U/-i/-F in rpm 4.18. Arguments after -- are operands.
 */

import { indentedArms } from './install-mode.js';

/** The second line of every shim; how saferpm knows a file is its own. */
export const SHIM_MARKER = '# saferpm rpm shim (format 1)';
/** The name the shim takes in its folder, and the name of the backup beside it. */
export const SHIM_NAME = 'rpm';
export const BACKUP_NAME = '.rpm.saferpm-backup';
/** Where the shim goes by default: first on root's PATH on RHEL and Fedora, and not a packaged folder. */
export const DEFAULT_PREFIX = '/usr/local/sbin';
/** The real rpm on RHEL 7 and later, Fedora and SUSE (/bin is a link to /usr/bin). */
export const DEFAULT_REAL_RPM = '/usr/bin/rpm';

export interface ShimSpec {
  /** Absolute path of the real rpm, found when the shim was installed. */
  realRpm: string;
  /** The saferpm command: its launcher, or node and the bundle. */
  saferpm: string[];
  /** Absolute path of the file the shim replaced (--force), put back by 'shim remove'. */
  backup: string | null;
  /** saferpm's version that wrote the shim. */
  writtenBy: string;
}

/** Single-quote for sh: the only character that needs care inside '...' is ' itself. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function renderShim(spec: ShimSpec): string {
  const saferpm = spec.saferpm.map(shQuote).join(' ');
  const rpm = shQuote(spec.realRpm);
  return `#!/bin/sh
${SHIM_MARKER}
# Written by 'saferpm shim install'; 'saferpm shim remove' takes it away and
# puts back what was here before. Do not edit: 'saferpm shim status' reads it.
# written-by: ${JSON.stringify(spec.writtenBy)}
# real-rpm: ${JSON.stringify(spec.realRpm)}
# saferpm: ${JSON.stringify(spec.saferpm)}
# backup: ${JSON.stringify(spec.backup)}
#
# rpm's install modes (-i, -U, -F alone or in a cluster such as -Uvh, and
# --install, --upgrade, --freshen) go through saferpm, which never upgrades a
# kernel in place; everything else is exec'd to the real rpm unchanged. A
# cluster starting with -q or -V is a query or verify (its i means --info).
# After --, arguments are operands. See 'man saferpm' (THE RPM SHIM).
to_saferpm() {
  SAFERPM_RPM=${rpm}
  export SAFERPM_RPM
  exec ${saferpm} "$@"
}
for arg do
  case $arg in
${indentedArms('to_saferpm "$@"', '    ')}
  esac
done
exec ${rpm} "$@"
`;
}

/** The recorded facts of a shim's text, or undefined when the text is not a saferpm shim. */
export function parseShim(text: string): ShimSpec | undefined {
  const lines = text.split('\n', 12);
  if (lines[0] !== '#!/bin/sh' || lines[1] !== SHIM_MARKER) return undefined;
  const field = (name: string): unknown => {
    const line = lines.find((l) => l.startsWith(`# ${name}: `));
    if (line === undefined) return undefined;
    try {
      return JSON.parse(line.slice(name.length + 4));
    } catch {
      return undefined;
    }
  };
  const realRpm = field('real-rpm');
  const saferpm = field('saferpm');
  const backup = field('backup');
  const writtenBy = field('written-by');
  if (typeof realRpm !== 'string' || !Array.isArray(saferpm) || !saferpm.every((s) => typeof s === 'string')) return undefined;
  if (backup !== null && typeof backup !== 'string') return undefined;
  return { realRpm, saferpm: saferpm as string[], backup, writtenBy: typeof writtenBy === 'string' ? writtenBy : 'unknown' };
}

/** Paths go into the shim's text and its header lines: no control characters. */
export function unsafePathReason(p: string): string | undefined {
  if (!p.startsWith('/')) return 'is not an absolute path';
  if (/[\x00-\x1f\x7f]/.test(p)) return 'contains a control character (newline, tab, ...)';
  return undefined;
}
