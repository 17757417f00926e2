/**
 * The per-file attributes saferpm's audit reads from package headers (pure
 * format and parser): what rpm recorded for each file, which is what `rpm -V`
 * compares the disk against. Fields are split by ASCII control characters
 * (the bytes themselves: rpm's query format has no \x escapes); a tag the
 * header lacks prints as "(none)" (FILECAPS in most packages, FILESTATES in
 * package files).
 */
import { ParseError } from '../errors.js';

const RS = '\x1e'; // starts a package record
const FS = '\x1f'; // between fields
const GS = '\x1d'; // ends a file
const US = '\x1c'; // between a file's attributes

const FILE_TAGS = [
  '%{FILENAMES}', '%{FILEFLAGS}', '%{FILEMODES}', '%{FILEUSERNAME}', '%{FILEGROUPNAME}',
  '%{FILECAPS}', '%{FILEDIGESTS}', '%{FILELINKTOS}', '%{FILESTATES}',
];

export const FILE_ATTRS_FORMAT =
  RS + ['%{NAME}', '%{NAME}-%|EPOCH?{%{EPOCH}:}|%{VERSION}-%{RELEASE}.%{ARCH}', '%{FILEDIGESTALGO}', `[${FILE_TAGS.join(US)}${GS}]`].join(FS) + '\n';

/** rpm's file states (lib/rpmfiles.h rpmfileState); absent for package files. */
export type FileState = 'normal' | 'replaced' | 'not-installed' | 'net-shared' | 'wrong-color' | 'missing';
const STATES: Record<string, FileState> = { '0': 'normal', '1': 'replaced', '2': 'not-installed', '3': 'net-shared', '4': 'wrong-color', '-1': 'missing' };

export interface HeaderFile {
  path: string;
  /** RPMFILE_* bits (lib/rpmfiles.h): CONFIG 1, NOREPLACE 1<<4, GHOST 1<<6. */
  flags: number;
  /** st_mode as packaged (type and permission bits). */
  mode: number;
  user: string;
  group: string;
  /** File capabilities in cap_to_text(3) form; '' when none. */
  caps: string;
  /** Hex digest of the packaged content ('' for directories, links, ghosts). */
  digest: string;
  linkTo: string;
  state?: FileState;
}

export interface HeaderFiles {
  name: string;
  nevra: string;
  /** Digest algorithm of `digest` (PGP ids, rpmpgp.h): 1 MD5 (headers without the tag), 8 SHA-256, ... */
  digestAlgo: number;
  files: HeaderFile[];
}

const NONE = '(none)';

export function parseFileAttrs(text: string, source = 'rpm -q'): HeaderFiles[] {
  const records = text.split(RS);
  let line = 1 + countNewlines(records[0] ?? '');
  const out: HeaderFiles[] = [];
  for (const record of records.slice(1)) {
    out.push(parseRecord(record.replace(/\n[^]*$/, ''), source, line));
    line += countNewlines(record);
  }
  return out;
}

function parseRecord(body: string, source: string, line: number): HeaderFiles {
  const f = body.split(FS);
  if (f.length !== 4) throw new ParseError(source, line, 1, `expected 4 fields in a package record, found ${f.length}`);
  const [name, nevra, algo, files] = f as [string, string, string, string];
  if (name === '' || name === NONE) throw new ParseError(source, line, 1, 'package record without a name');
  const digestAlgo = algo === NONE ? 1 : Number(algo);
  if (!Number.isInteger(digestAlgo)) throw new ParseError(source, line, 1, `digest algorithm is not a number: ${JSON.stringify(algo)}`);
  return { name, nevra, digestAlgo, files: parseFiles(files, source, line) };
}

function parseFiles(list: string, source: string, line: number): HeaderFile[] {
  if (list === '') return [];
  const parts = list.split(GS);
  parts.pop(); // every file ends with GS
  return parts.map((p) => {
    const a = p.split(US);
    if (a.length !== FILE_TAGS.length) throw new ParseError(source, line, 1, `expected ${FILE_TAGS.length} attributes per file, found ${a.length}`);
    const [path, flags, mode, user, group, caps, digest, linkTo, state] = a.map((v) => (v === NONE ? '' : v)) as string[] as [
      string, string, string, string, string, string, string, string, string,
    ];
    if (!path.startsWith('/')) throw new ParseError(source, line, 1, `file name is not absolute: ${JSON.stringify(path)}`);
    const file: HeaderFile = { path, flags: Number(flags) || 0, mode: Number(mode) || 0, user, group, caps, digest, linkTo };
    const s = STATES[state];
    if (s) file.state = s;
    return file;
  });
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
