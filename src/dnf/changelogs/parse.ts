/**
 * The output of `dnf repoquery --changelogs NEVRA...` (dnf 4,
 * dnf/cli/commands/repoquery.py build_format_fn), pure. Per package:
 *
 *   Changelog for NAME-[EPOCH:]VERSION-RELEASE.ARCH
 *   * Mon Mar 03 2025 AUTHOR
 *   TEXT (any number of lines)
 *   <blank line>
 *
 * The blocks are sorted as strings; a package without changelog entries is its
 * "Changelog for" line alone. dnf prints only the date of an entry
 * (strftime "%a %b %d %Y" in the C locale), in local time (libdnf's
 * PyDate_FromTimestamp). A text never holds a line starting with '*': rpmbuild
 * starts the next entry there (build/parseChangelog.c), so the entry lines are
 * unambiguous. "Changelog for" starts a package only at the top, after a blank
 * line, or right after another package's line, as dnf writes it.
 */
import { ParseError } from '../../errors.js';
import { evrOfName, type ChangelogEntry, type HeaderChangelog } from '../../audit/parse-changelog.js';

export interface RepoChangelog extends HeaderChangelog {
  /** As dnf names it: name-[epoch:]version-release.arch (no epoch when it is 0). */
  nevra: string;
  /** Line of its "Changelog for" line. */
  line: number;
}

const PACKAGE = /^Changelog for (\S+)$/;
const ENTRY = /^\* (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d\d) (\d{4})(?: (.*))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NEVRA = /^(.+)-((?:\d+:)?[^-:]+-[^-:]+)\.([^.-]+)$/;

interface Open {
  pkg: RepoChangelog;
  entry?: { head: Omit<ChangelogEntry, 'text'>; text: string[] };
}

export function parseRepoqueryChangelogs(text: string, source = 'dnf repoquery --changelogs'): RepoChangelog[] {
  const out: RepoChangelog[] = [];
  let open: Open | undefined;
  let previous: 'start' | 'blank' | 'package' | 'text' = 'start';
  text.split('\n').forEach((line, i) => {
    const n = i + 1;
    const pkg = PACKAGE.exec(line);
    if (pkg && previous !== 'text') {
      if (open) out.push(close(open));
      open = { pkg: { ...splitNevra(pkg[1] as string, source, n), entries: [], line: n } };
      previous = 'package';
      return;
    }
    previous = line === '' ? (previous === 'start' ? 'start' : 'blank') : 'text';
    if (line === '' && !open?.entry) return;
    if (!open) throw new ParseError(source, n, 1, `expected "Changelog for NAME-VERSION-RELEASE.ARCH", found ${JSON.stringify(line.slice(0, 80))}`);
    const head = ENTRY.exec(line);
    if (head) {
      if (open.entry) open.pkg.entries.push(finish(open.entry));
      open.entry = { head: entryHead(head, source, n), text: [] };
      return;
    }
    if (!open.entry) throw new ParseError(source, n, 1, `changelog text before the first entry of ${open.pkg.nevra} (an entry starts "* Mon Jan 01 2025 NAME")`);
    open.entry.text.push(line);
  });
  if (open) out.push(close(open));
  return out;
}

function close(open: Open): RepoChangelog {
  if (open.entry) open.pkg.entries.push(finish(open.entry));
  return open.pkg;
}

/** The text without the blank line dnf puts after every entry (rpm keeps no trailing blank lines). */
function finish(e: { head: Omit<ChangelogEntry, 'text'>; text: string[] }): ChangelogEntry {
  const lines = [...e.text];
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return { ...e.head, text: lines.join('\n') };
}

function entryHead(m: RegExpExecArray, source: string, line: number): Omit<ChangelogEntry, 'text'> {
  const [, , mon, dd, yyyy, author = ''] = m as unknown as [string, string, string, string, string, string | undefined];
  const month = MONTHS.indexOf(mon);
  const day = Number(dd);
  const year = Number(yyyy);
  const at = new Date(0);
  at.setUTCFullYear(year, month, day); // not Date.UTC, which maps the years 0-99 to 1900-1999
  at.setUTCHours(12);
  if (at.getUTCDate() !== day || at.getUTCMonth() !== month) {
    throw new ParseError(source, line, 7, `no such date: ${mon} ${dd} ${yyyy}`);
  }
  // Noon UTC of the date dnf printed: the day is all dnf says (src/audit/changelog.ts compares days).
  const e: Omit<ChangelogEntry, 'text'> = { time: Math.floor(at.getTime() / 1000), date: at.toISOString().slice(0, 10), name: author };
  const evr = evrOfName(author);
  if (evr) e.evr = evr;
  return e;
}

function splitNevra(nevra: string, source: string, line: number): Omit<RepoChangelog, 'entries' | 'line'> {
  const m = NEVRA.exec(nevra);
  if (!m) throw new ParseError(source, line, 15, `not a package name-version-release.arch: ${JSON.stringify(nevra.slice(0, 80))}`);
  return { nevra, name: m[1] as string, evr: m[2] as string, arch: m[3] as string };
}
