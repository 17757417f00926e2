/**
 * Failures rpm reports while exiting 0. rpm's exit status counts failed
 * packages, but a failing %post, %posttrans or trigger scriptlet only prints
 * "warning: %post(NEVRA) scriptlet failed, exit status N" (lib/rpmscript.c)
 * and the transaction is still counted a success.
 */
const PATTERNS = [/scriptlet failed/, /^error: /, /^warning: .*(cannot|failed|unable)/i, /^\s*package \S+ does not verify: /];

/** Lines that are noise, not problems: Debian's rpm warns on every install. */
const NOISE = [/use Alien instead/, /However assuming you know what you are doing/, /Header V\d .* NOKEY/];

export const isNoise = (line: string): boolean => NOISE.some((n) => n.test(line));

export function findProblems(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && !isNoise(l) && PATTERNS.some((p) => p.test(l)));
}

export interface DependencyProblem {
  capability: string;
  neededBy: string;
  byInstalled: boolean;
  /** The line as rpm wrote it. */
  line: string;
}

/** "\tCAP is needed by (installed) NEVRA" lines of rpm's "Failed dependencies:" block. */
export function parseDependencyProblems(stderr: string): { deps: DependencyProblem[]; other: string[] } {
  const deps: DependencyProblem[] = [];
  const other: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^\t(.+) is needed by (\(installed\) )?(\S+)$/.exec(line);
    if (m) deps.push({ capability: m[1] as string, neededBy: m[3] as string, byInstalled: Boolean(m[2]), line });
    else if (line.startsWith('\t') || line.startsWith('error: ')) {
      if (line !== 'error: Failed dependencies:') other.push(line.trim());
    }
  }
  return { deps, other };
}
