/**
 * dnf 4's general options, as its argparse parser declares them
 * (dnf/cli/option_parser.py, OptionParser._add_general_options, dnf 4.14).
 * Which take a value decides where the command word is: `dnf -c FILE upgrade`
 * has the command 'upgrade', not 'FILE'. argparse also accepts any unique
 * prefix of a long option (allow_abbrev), so `--installr=/mnt` is
 * --installroot; that is resolved here too.
 */

export interface GlobalOption {
  /** Canonical long name without dashes ('installroot'). */
  name: string;
  takesValue: boolean;
}

/** Long spellings (without '--') -> canonical name; value-taking ones marked. */
const LONG: Record<string, [name: string, takesValue: boolean]> = {
  config: ['config', true], quiet: ['quiet', false], verbose: ['verbose', false], version: ['version', false],
  installroot: ['installroot', true], nodocs: ['nodocs', false], noplugins: ['noplugins', false],
  enableplugin: ['enableplugin', true], disableplugin: ['disableplugin', true], releasever: ['releasever', true],
  setopt: ['setopt', true], 'skip-broken': ['skip-broken', false], help: ['help', false], 'help-cmd': ['help', false],
  allowerasing: ['allowerasing', false], best: ['best', false], nobest: ['nobest', false], cacheonly: ['cacheonly', false],
  randomwait: ['randomwait', true], debuglevel: ['debuglevel', true], debugsolver: ['debugsolver', false],
  showduplicates: ['showduplicates', false], errorlevel: ['errorlevel', true], obsoletes: ['obsoletes', false],
  rpmverbosity: ['rpmverbosity', true], assumeyes: ['assumeyes', false], assumeno: ['assumeno', false],
  enablerepo: ['enablerepo', true], disablerepo: ['disablerepo', true], repo: ['repo', true], repoid: ['repo', true],
  enable: ['enable', false], disable: ['disable', false], exclude: ['exclude', true], excludepkgs: ['exclude', true],
  disableexcludes: ['disableexcludes', true], disableexcludepkgs: ['disableexcludes', true],
  repofrompath: ['repofrompath', true], noautoremove: ['noautoremove', false], nogpgcheck: ['nogpgcheck', false],
  color: ['color', true], refresh: ['refresh', false], destdir: ['destdir', true], downloaddir: ['destdir', true],
  downloadonly: ['downloadonly', false], comment: ['comment', true], bugfix: ['bugfix', false],
  enhancement: ['enhancement', false], newpackage: ['newpackage', false], security: ['security', false],
  advisory: ['advisory', true], advisories: ['advisory', true], bz: ['bz', true], bzs: ['bz', true],
  cve: ['cve', true], cves: ['cve', true], 'sec-severity': ['sec-severity', true], secseverity: ['sec-severity', true],
  forcearch: ['forcearch', true],
};

/** Single-letter options; -4 and -6 are flags. */
const SHORT: Record<string, [name: string, takesValue: boolean]> = {
  c: ['config', true], q: ['quiet', false], v: ['verbose', false], h: ['help', false], b: ['best', false],
  C: ['cacheonly', false], R: ['randomwait', true], d: ['debuglevel', true], e: ['errorlevel', true],
  y: ['assumeyes', false], x: ['exclude', true], '4': ['ipv4', false], '6': ['ipv6', false],
};

/**
 * The option a long spelling names: exact, else the one long option it is a
 * unique prefix of (argparse's abbreviation rule). undefined when unknown or
 * ambiguous (dnf then reports the error itself, or it is a command option).
 */
export function longOption(spelling: string): GlobalOption | undefined {
  const exact = LONG[spelling];
  if (exact) return { name: exact[0], takesValue: exact[1] };
  // Python 3.11's argparse calls a prefix of two spellings ambiguous even when both
  // name the same option (--excl: --exclude, --excludepkgs).
  const matches = Object.keys(LONG).filter((k) => k.startsWith(spelling));
  if (spelling.length === 0 || matches.length !== 1) return undefined;
  const found = LONG[matches[0] as string] as [string, boolean];
  return { name: found[0], takesValue: found[1] };
}

export function shortOption(letter: string): GlobalOption | undefined {
  const found = SHORT[letter];
  return found ? { name: found[0], takesValue: found[1] } : undefined;
}
