/**
 * The query format saferpm asks rpm for, and its parser. One rpm process reads
 * every header (rpm -qp --qf FMT FILES... or rpm -q --qf FMT NAMES...).
 *
 * A query format, not the --xml dump: measured on 500 packages, the XML dump is
 * 2.5x slower in rpm alone (every tag, base64 blobs) before any parsing; the
 * format below asks only for what saferpm uses (BENCHMARKS.md).
 *
 * Records and fields are split by ASCII control characters that cannot occur
 * in the values rpm prints here (rpm's query format has no \x escapes, so the
 * bytes themselves are put in the format string).
 */
import { ParseError } from '../errors.js';
import type { Dependency, PackageFile, RpmPackage } from './package.js';

const RS = '\x1e'; // starts a package record
const FS = '\x1f'; // between fields
const GS = '\x1d'; // ends an array element
const US = '\x1c'; // between the parts of an array element

const FIELDS = [
  '%{NAME}', '%{EPOCH}', '%{VERSION}', '%{RELEASE}', '%{ARCH}', '%{SOURCERPM}',
  '%|SOURCEPACKAGE?{1}:{0}|', '%{INSTALLTIME}', '%{SUMMARY}',
  `[%{PROVIDENAME}${US}%{PROVIDEFLAGS:depflags}${US}%{PROVIDEVERSION}${GS}]`,
  `[%{REQUIRENAME}${US}%{REQUIREFLAGS:depflags}${US}%{REQUIREVERSION}${GS}]`,
  `[%{FILENAMES}${US}%{FILEFLAGS}${US}%{FILEMODES}${GS}]`,
];

export const QUERY_FORMAT = RS + FIELDS.join(FS) + '\n';

/** The same record with the arrays left empty: versions only (name, EVR, arch), for the "after" list of a run. */
export const VERSIONS_QUERY_FORMAT = RS + [...FIELDS.slice(0, -3), '', '', ''].join(FS) + '\n';

/**
 * The same record with the directories of the files (rpm's DIRNAMES, each
 * once, ending in '/') instead of every file with its flags and mode: rpm
 * prints a fraction of the text, and the directories tell which packages
 * could be kernels by their files (query.ts asks for those files next).
 */
export const DIRS_QUERY_FORMAT = RS + [...FIELDS.slice(0, -1), `[%{DIRNAMES}${GS}]`].join(FS) + '\n';

const NONE = '(none)';

/**
 * Parse rpm's output for QUERY_FORMAT. Text outside records (such as
 * "package foo is not installed" lines of rpm -q) is ignored.
 */
export function parseQueryOutput(text: string, source = 'rpm query output', last: LastField = 'files'): RpmPackage[] {
  const parser = new QueryStreamParser(source, last);
  parser.push(text);
  return parser.end();
}

/**
 * The same parser fed as rpm writes: each record is parsed as soon as the next
 * one starts, so parsing overlaps rpm's own work instead of following it.
 */
export class QueryStreamParser {
  readonly packages: RpmPackage[] = [];
  private pending = '';
  private inRecord = false;
  private line = 1;

  /** `last`: what the record's last field holds, the files (QUERY_FORMAT) or their directories (DIRS_QUERY_FORMAT). */
  constructor(private readonly source: string, private readonly last: LastField = 'files') {}

  push(text: string): void {
    let start = 0;
    for (let rs = text.indexOf(RS); rs >= 0; rs = text.indexOf(RS, start)) {
      this.close(this.pending + text.slice(start, rs));
      this.pending = '';
      this.inRecord = true;
      start = rs + 1;
    }
    this.pending += text.slice(start);
  }

  end(): RpmPackage[] {
    this.close(this.pending);
    this.pending = '';
    this.inRecord = false;
    return this.packages;
  }

  private close(chunk: string): void {
    if (this.inRecord) this.packages.push(parseRecord(chunk, this.source, this.line, this.last));
    this.line += countNewlines(chunk);
  }
}

export type LastField = 'files' | 'dirs';

function parseRecord(record: string, source: string, line: number, last: LastField): RpmPackage {
  const end = record.lastIndexOf('\n');
  const body = end >= 0 ? record.slice(0, end) : record;
  const f = body.split(FS);
  if (f.length !== FIELDS.length) {
    throw new ParseError(source, line, 1, `expected ${FIELDS.length} fields in a package record, found ${f.length}`);
  }
  const [name, epoch, version, release, arch, sourceRpm, isSource, installTime, summary, provides, requires, files] = f as [
    string, string, string, string, string, string, string, string, string, string, string, string,
  ];
  if (name === '' || name === NONE) throw new ParseError(source, line, 1, 'package record without a name');
  const pkg: RpmPackage = {
    name,
    epoch: epoch === NONE ? '0' : epoch,
    version,
    release,
    arch: arch === NONE ? 'noarch' : arch,
    isSource: isSource === '1',
    summary,
    provides: parseDeps(provides),
    requires: parseDeps(requires),
    files: last === 'files' ? parseFiles(files, source, line) : [],
  };
  if (last === 'dirs') pkg.fileDirs = files.split(GS).filter(Boolean);
  if (sourceRpm !== NONE && sourceRpm !== '') pkg.sourceRpm = sourceRpm;
  if (installTime !== NONE && /^\d+$/.test(installTime)) pkg.installTime = Number(installTime);
  return pkg;
}

/**
 * Calls `each` with the three parts of every element of an array field
 * ("a US b US c GS" repeated). One pass with indexOf and no intermediate
 * arrays: a transaction of thousands of packages makes this the hot loop.
 */
function eachElement(list: string, each: (a: string, b: string, c: string) => void): void {
  let start = 0;
  while (start < list.length) {
    const end = list.indexOf(GS, start);
    const stop = end < 0 ? list.length : end;
    const u1 = list.indexOf(US, start);
    const u2 = u1 >= 0 && u1 < stop ? list.indexOf(US, u1 + 1) : -1;
    if (u1 < 0 || u1 >= stop) each(list.slice(start, stop), '', '');
    else if (u2 < 0 || u2 >= stop) each(list.slice(start, u1), list.slice(u1 + 1, stop), '');
    else each(list.slice(start, u1), list.slice(u1 + 1, u2), list.slice(u2 + 1, stop));
    start = stop + 1;
  }
}

function parseDeps(list: string): Dependency[] {
  const deps: Dependency[] = [];
  eachElement(list, (name, op, version) => deps.push({ name, op: op.trim(), version }));
  return deps;
}

function parseFiles(list: string, source: string, line: number): PackageFile[] {
  const files: PackageFile[] = [];
  eachElement(list, (path, flags, mode) => {
    // Source packages list their files relative (foo.spec, foo.tar.gz); binary packages absolute.
    if (path === '') throw new ParseError(source, line, 1, 'empty file name in a package record');
    files.push({ path, flags: Number(flags) || 0, mode: Number(mode) || 0 });
  });
  return files;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
