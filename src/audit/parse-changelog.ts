/**
 * Changelogs from package headers (pure format and parser). CHANGELOGTIME,
 * CHANGELOGNAME and CHANGELOGTEXT are parallel arrays, newest first
 * (rpmbuild keeps the spec's order and warns when it is not descending).
 * Texts span lines, so a record ends with ETX instead of a newline.
 */
import { ParseError } from '../errors.js';

const RS = '\x1e';
const FS = '\x1f';
const GS = '\x1d';
const US = '\x1c';
const ETX = '\x03';
const MAX_TIME = 2 ** 32 - 1;

export const CHANGELOG_FORMAT =
  RS + ['%{NAME}', '%|EPOCH?{%{EPOCH}:}|%{VERSION}-%{RELEASE}', '%{ARCH}', `[%{CHANGELOGTIME}${US}%{CHANGELOGNAME}${US}%{CHANGELOGTEXT}${GS}]`].join(FS) + ETX + '\n';

export interface ChangelogEntry {
  /** Seconds since the epoch (rpmbuild stores noon of the spec's date). */
  time: number;
  /** The spec's date, YYYY-MM-DD. */
  date: string;
  /** The name line: "Jane Doe <jane@example.com> - 2.0-1". */
  name: string;
  /** The EVR at the end of the name line, when there is one (Fedora's packaging guidelines put it there). */
  evr?: string;
  text: string;
}

export interface HeaderChangelog {
  name: string;
  /** [epoch:]version-release of the package. */
  evr: string;
  arch: string;
  entries: ChangelogEntry[];
}

export function parseChangelogs(text: string, source = 'rpm -qp'): HeaderChangelog[] {
  const records = text.split(RS);
  let line = 1 + countNewlines(records[0] ?? '');
  const out: HeaderChangelog[] = [];
  for (const record of records.slice(1)) {
    const end = record.lastIndexOf(ETX);
    if (end < 0) throw new ParseError(source, line, 1, 'package record is not terminated (output cut short?)');
    out.push(parseRecord(record.slice(0, end), source, line));
    line += countNewlines(record);
  }
  return out;
}

function parseRecord(body: string, source: string, line: number): HeaderChangelog {
  const f = body.split(FS);
  if (f.length !== 4) throw new ParseError(source, line, 1, `expected 4 fields in a package record, found ${f.length}`);
  const [name, evr, arch, list] = f as [string, string, string, string];
  if (name === '') throw new ParseError(source, line, 1, 'package record without a name');
  const items = list === '' ? [] : list.split(GS);
  items.pop(); // every entry ends with GS
  const entries = items.map((item) => {
    const [time = '', who = '', text = ''] = item.split(US);
    if (!/^\d+$/.test(time)) throw new ParseError(source, line, 1, `changelog time is not a number: ${JSON.stringify(time)}`);
    // rpm stores CHANGELOGTIME as a 32-bit integer; a larger number is not rpm's output (and new Date() would throw on it)
    if (Number(time) > MAX_TIME) throw new ParseError(source, line, 1, `changelog time is out of rpm's range: ${time}`);
    return entry(Number(time), who, text);
  });
  return { name, evr, arch, entries };
}

function entry(time: number, name: string, text: string): ChangelogEntry {
  const e: ChangelogEntry = { time, date: new Date(time * 1000).toISOString().slice(0, 10), name, text };
  const evr = evrOfName(name);
  if (evr) e.evr = evr;
  return e;
}

/**
 * The EVR at the end of a changelog name line: "<a@b> - 1:2.0-1", "<a@b> 2.0-1",
 * "<a@b> -2.0-1". Undefined when the last word is not a version (openSUSE and
 * many older packages write none).
 */
export function evrOfName(name: string): string | undefined {
  const last = name.trim().split(/\s+/).pop() ?? '';
  const word = last.replace(/^-/, '');
  return /^(\d+:)?\d[A-Za-z0-9._+~^-]*$/.test(word) && !word.includes('@') ? word : undefined;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
