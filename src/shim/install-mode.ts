/**
 * The one rule that decides, in shell, whether an rpm command line is an
 * install mode: used by the rpm shim (route it through saferpm) and by the
 * bash and zsh completions (offer binary *.rpm files). rpm's popt takes no
 * abbreviations of --install, --upgrade, --freshen; a cluster starting with
 * -q or -V is a query or verify, whose i means --info; after -- come operands.
 * Checked against the real rpm in test/integration/ship-shim-routing.test.ts.
 */

/** `case` arms over one word; `onInstall` is the shell command run for an install mode. */
export function installModeCaseArms(onInstall: string): string[] {
  return [
    '--) break ;;',
    `--install | --upgrade | --freshen) ${onInstall} ;;`,
    '--*) ;;',
    '-[qV]*) ;;',
    `-*[iUF]*) ${onInstall} ;;`,
  ];
}

/** The arms indented for a `case` block. */
export function indentedArms(onInstall: string, indent: string): string {
  return installModeCaseArms(onInstall).map((a) => indent + a).join('\n');
}
