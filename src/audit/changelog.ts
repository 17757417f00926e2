/**
 * "Read before you apply": the changelog entries of each new package that are
 * newer than the installed version. An entry whose name line ends with an EVR
 * is compared with the installed EVR the way rpm compares versions; an entry
 * without one falls back to dnf's rule (dnf/cli/cli.py latest_changelogs):
 * newer than the installed package's newest changelog entry by date. One
 * `rpm -qp` process reads every package file; one `rpm -q` reads the installed
 * dates, only when some entry needs them. The dnf path reads the new
 * changelogs from the repository metadata instead (src/dnf/changelogs/load.ts) and
 * selects with newerThanInstalled.
 */
import { EXIT, SaferpmError } from '../errors.js';
import { runCommand } from '../exec/run.js';
import { compareEvrStrings, parseEvr } from '../rpm/evr.js';
import type { RpmInvocation } from '../rpm/query.js';
import { CHANGELOG_FORMAT, parseChangelogs, type ChangelogEntry, type HeaderChangelog } from './parse-changelog.js';

export type { ChangelogEntry } from './parse-changelog.js';

export interface ChangelogRequest {
  packageFile: string;
  /** [epoch:]version-release installed now. */
  installedEvr: string;
}

export interface PackageChangelog {
  name: string;
  arch: string;
  /** EVR of the new package. */
  evr: string;
  installedEvr: string;
  /** Where the changelog was read: the package file (rpm -qp), or the repository's metadata (dnf repoquery). */
  packageFile?: string;
  repo?: string;
  /** Entries newer than the installed version, newest first. */
  entries: ChangelogEntry[];
  /** How many entries the new package's changelog has in all. */
  total: number;
}

/** The entries of one new package newer than the installed EVR. */
export async function changelogBetween(rpm: RpmInvocation, packageFile: string, installedEvr: string): Promise<ChangelogEntry[]> {
  const [one] = await changelogsBetween(rpm, [{ packageFile, installedEvr }]);
  return one?.entries ?? [];
}

/** The same for many packages: one rpm -qp process (and one rpm -q when dates are needed). */
export async function changelogsBetween(rpm: RpmInvocation, requests: readonly ChangelogRequest[]): Promise<PackageChangelog[]> {
  if (requests.length === 0) return [];
  const headers = await readChangelogs(rpm, requests.map((r) => r.packageFile));
  return newerThanInstalled(rpm, headers.map((log, i) => {
    const req = requests[i] as ChangelogRequest;
    return { log, installedEvr: req.installedEvr, from: { packageFile: req.packageFile } };
  }));
}

/** A new package's whole changelog, the installed EVR it replaces, and where the changelog came from. */
export interface NewChangelog {
  log: HeaderChangelog;
  installedEvr: string;
  from: { packageFile: string } | { repo: string };
}

/**
 * The entries of each new changelog newer than the installed version (isNewer).
 * 'day': the entries carry only a date (dnf repoquery), so the installed
 * package's newest entry is compared by its local date, as dnf's own
 * latest_changelogs does (dnf/cli/cli.py: date.fromtimestamp).
 */
export async function newerThanInstalled(rpm: RpmInvocation, logs: readonly NewChangelog[], precision: 'second' | 'day' = 'second'): Promise<PackageChangelog[]> {
  const needDates = logs.some((l) => l.log.entries.some((e) => e.evr === undefined));
  const newest = needDates ? await installedNewestTimes(rpm, logs.map((l) => l.log.name)) : new Map<string, number>();
  return logs.map(({ log, installedEvr, from }) => {
    const time = newest.get(`${log.name}\t${installedEvr}`) ?? newest.get(log.name);
    const since = time !== undefined && precision === 'day' ? noonOfLocalDate(time) : time;
    return {
      name: log.name, arch: log.arch, evr: log.evr, installedEvr, ...from,
      entries: log.entries.filter((e) => isNewer(e, installedEvr, since)), total: log.entries.length,
    };
  });
}

/** Noon UTC of the local calendar date of a time: how src/dnf/changelogs/parse.ts dates an entry. */
function noonOfLocalDate(seconds: number): number {
  const d = new Date(seconds * 1000);
  const noon = new Date(0);
  noon.setUTCFullYear(d.getFullYear(), d.getMonth(), d.getDate());
  noon.setUTCHours(12);
  return Math.floor(noon.getTime() / 1000);
}

/** Is the entry about a version after the installed one? */
export function isNewer(e: ChangelogEntry, installedEvr: string, installedNewestTime: number | undefined): boolean {
  if (e.evr !== undefined) {
    // Name lines rarely carry the epoch; compare without it unless both have one.
    const installed = e.evr.includes(':') ? installedEvr : stripEpoch(installedEvr);
    return compareEvrStrings(e.evr, installed) > 0;
  }
  return installedNewestTime === undefined || e.time > installedNewestTime;
}

function stripEpoch(evr: string): string {
  const p = parseEvr(evr);
  return p.release === undefined ? p.version : `${p.version}-${p.release}`;
}

async function readChangelogs(rpm: RpmInvocation, files: string[]): Promise<HeaderChangelog[]> {
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-qp', '--qf', CHANGELOG_FORMAT, '--', ...files], { providedBy: 'rpm' });
  const headers = parseChangelogs(r.stdout, 'rpm -qp');
  if (r.exitCode !== 0 || headers.length !== files.length) {
    const why = r.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? `rpm exited with ${r.exitCode}`;
    throw new SaferpmError(`rpm could not read the changelogs: ${why}`, EXIT.DATAERR, 'check the package files');
  }
  return headers;
}

/** Newest changelog time of each installed package, keyed by name and by "name<TAB>evr". */
async function installedNewestTimes(rpm: RpmInvocation, names: string[]): Promise<Map<string, number>> {
  const fmt = '%{NAME}\t%|EPOCH?{%{EPOCH}:}|%{VERSION}-%{RELEASE}\t%{CHANGELOGTIME}\n';
  const r = await runCommand(rpm.binary, [...rpm.globalArgs, '-q', '--qf', fmt, '--', ...new Set(names)], { providedBy: 'rpm' });
  const times = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const [name, evr, time] = line.split('\t');
    if (!name || !evr || !time || !/^\d+$/.test(time)) continue; // "package X is not installed", "(none)"
    times.set(`${name}\t${evr}`, Number(time));
    times.set(name, Math.max(times.get(name) ?? 0, Number(time)));
  }
  return times;
}
