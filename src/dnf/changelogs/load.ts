/**
 * --saferpm-changelog: the changelog entries of the packages dnf brings in,
 * from the repositories' metadata (other.xml), read by dnf itself: one
 * `dnf repoquery --changelogs -- NEVRA...` for the whole transaction, with the
 * user's general options (query-globals.ts), in the C locale. repoquery asks
 * for the 'other' metadata on its own (dnf/cli/cli.py: demands.changelogs
 * sets load_metadata_other on every enabled repository) and downloads it when
 * dnf's cache lacks it; nothing else is downloaded (docs/dnf.md). The entries
 * newer than the installed version are selected as on the rpm path
 * (src/audit/changelog.ts), by date where the name line carries no version.
 * What cannot be read is a problem in the answer, never an exception: the
 * changelog step is not required.
 */
import { newerThanInstalled, type NewChangelog } from '../../audit/changelog.js';
import { ParseError } from '../../errors.js';
import { runCommand } from '../../exec/run.js';
import type { RpmInvocation } from '../../rpm/query.js';
import type { ChangelogLoader, ChangelogQuery, ChangelogRead } from '../../run/state.js';
import { parseRepoqueryChangelogs, type RepoChangelog } from './parse.js';
import type { TransactionItem } from '../resolve/parse-table.js';
import { queryGlobals } from '../cli/query-globals.js';
import { dnfError } from '../resolve/resolve.js';

export interface DnfChangelogSource {
  binary: string;
  /** dnf's arguments: the user's, without saferpm's options. */
  args: readonly string[];
  rpm: RpmInvocation;
  /** The transaction: which repository each incoming package comes from. */
  items: readonly TransactionItem[];
}

export function dnfChangelogLoader(src: DnfChangelogSource): ChangelogLoader {
  return (queries) => readDnfChangelogs(src, queries);
}

/** The arguments of the one repoquery process. */
export function repoqueryArgs(args: readonly string[], nevras: readonly string[]): string[] {
  return [...queryGlobals(args), 'repoquery', '--changelogs', '--', ...new Set(nevras)];
}

async function readDnfChangelogs(src: DnfChangelogSource, queries: ChangelogQuery[]): Promise<ChangelogRead> {
  const problems: string[] = [];
  const wanted = queries.flatMap((query) => {
    const nevra = nevraOf(query);
    const repo = src.items.find((i) => i.action !== 'remove' && `${i.name}-${plainEvr(i.evr)}.${i.arch}` === nevra)?.repo;
    if (repo === undefined || repo.startsWith('@')) {
      problems.push(`no changelog for ${nevra}: it comes from ${repo ?? 'no repository'}, not a repository's metadata (for a package file: saferpm rpm -U --changelog FILE)`);
      return [];
    }
    return [{ query, nevra, repo }];
  });
  if (wanted.length === 0) return { logs: [], problems };
  const argv = repoqueryArgs(src.args, wanted.map((w) => w.nevra));
  const r = await runCommand(src.binary, argv, { environment: 'inherit', env: { LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' }, providedBy: 'dnf', forwardSignals: true });
  const command = `${src.binary} ${argv.join(' ')}`;
  if (r.exitCode !== 0) return { logs: [], problems: [...problems, `no changelogs: ${command} exited ${r.exitCode}: ${dnfError(r.stderr, r.stdout)}`] };
  let found: RepoChangelog[];
  try {
    found = parseRepoqueryChangelogs(r.stdout, `${src.binary} repoquery --changelogs`);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { logs: [], problems: [...problems, `no changelogs: saferpm cannot read the answer of ${command}: ${e.message}`] };
  }
  const logs: NewChangelog[] = [];
  const missing: string[] = [];
  for (const w of wanted) {
    const log = found.find((f) => f.nevra === w.nevra);
    if (log) logs.push({ log, installedEvr: w.query.installedEvr, from: { repo: w.repo } });
    else missing.push(w.nevra);
  }
  if (missing.length) problems.push(notFound(missing, r.stderr));
  return { logs: await newerThanInstalled(src.rpm, logs, 'day'), problems };
}

/**
 * Packages repoquery did not print, with dnf's reason when it gave one on
 * standard error while still exiting 0 ("Error: Cache-only enabled but no
 * cache for 'updates'" and "Ignoring repositories: updates" under -C without
 * other.xml in the cache).
 */
export function notFound(nevras: readonly string[], stderr: string): string {
  const said = stderr.split('\n').filter((l) => /^(Error|Ignoring repositories|Failed)/.test(l));
  return `no changelog for ${nevras.join(', ')}: dnf repoquery did not find ${nevras.length === 1 ? 'it' : 'them'} in the enabled repositories${said.length ? ` (dnf said: ${said.join('; ')})` : ''}`;
}

/** name-[epoch:]version-release.arch as dnf prints a package (no epoch when it is 0). */
function nevraOf(q: ChangelogQuery): string {
  return `${q.incoming.name}-${plainEvr(q.incoming.evr)}.${q.incoming.arch}`;
}

function plainEvr(evr: string): string {
  return evr.replace(/^0+:/, '');
}

