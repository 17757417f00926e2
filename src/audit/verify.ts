/**
 * Parser for `rpm -V` output (pure). Format per rpm(8) VERIFY OPTIONS and
 * rpm 4.18 lib/verify.c (verifyHeader): "%s  %c %s" with a 9-character flag
 * string S M 5 D L U G T P ('.' passed, '?' could not be tested), two spaces,
 * one attribute marker (the first letter of rpmFFlagsString: c %config,
 * d %doc, g %ghost, l %license, r %readme, ...; ' ' for none), a space and the
 * file name, optionally followed by " (replaced)" or another file state.
 * A file that cannot be lstat'ed prints "missing   %c %s", with " (strerror)"
 * when the reason is not ENOENT. rpm 4.4 (RHEL 5) printed 8 flags, then an
 * SELinux context flag 'C' (or ' ' when SELinux is off) and one space: read too.
 */
import { ParseError } from '../errors.js';

/** The tests of the flag string, in its order (rpm(8)). */
export const VERIFY_TESTS = ['size', 'mode', 'digest', 'device', 'link', 'user', 'group', 'mtime', 'caps'] as const;
export type VerifyTest = (typeof VERIFY_TESTS)[number];
const LETTERS = 'SM5DLUGTP';

const MARKERS: Record<string, FileMarker> = {
  c: 'config', d: 'doc', g: 'ghost', l: 'license', r: 'readme', s: 'specfile',
  m: 'missingok', n: 'noreplace', a: 'artifact', P: 'pubkey', ' ': 'none',
};
export type FileMarker =
  | 'config' | 'doc' | 'ghost' | 'license' | 'readme' | 'specfile' | 'missingok' | 'noreplace' | 'artifact' | 'pubkey' | 'none';

/** File states rpm appends in parentheses (lib/verify.c stateStr). */
const STATES = ['replaced', 'no state', 'unknown state', 'not installed', 'net shared', 'wrong color'];

export interface VerifyEntry {
  path: string;
  marker: FileMarker;
  missing: boolean;
  /** Tests that failed (empty for a missing file). */
  differs: VerifyTest[];
  /** Tests rpm could not perform ('?'), e.g. a file it may not read. */
  unknown: VerifyTest[];
  /** rpm's note on the file's state, e.g. 'replaced'. */
  state?: string;
  /** Why lstat failed, when it was not "no such file". */
  error?: string;
}

export interface VerifyOutput {
  entries: VerifyEntry[];
  /** Names from "package NAME is not installed". */
  notInstalled: string[];
  /** Lines that are not about files (dependency problems, scriptlet output). */
  other: string[];
}

const MODERN = /^([SM5DLUGT.?]{8}[P.?]) {2}([a-zA-Z ]) (.+)$/;
const RPM44 = /^([SM5DLUGT.?]{8})[C.? ] ([a-zA-Z ]) (.+)$/;
const MISSING = /^missing {3}([a-zA-Z ]) (.+)$/;
const NOT_INSTALLED = /^package (.+) is not installed$/;
const LOOKS_LIKE_FLAGS = /^[SM5DLUGTPC.?]{8}/;

export function parseVerifyOutput(text: string, source = 'rpm -V'): VerifyOutput {
  const out: VerifyOutput = { entries: [], notInstalled: [], other: [] };
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const missing = MISSING.exec(line);
    const absent = NOT_INSTALLED.exec(line);
    if (missing) out.entries.push(missingEntry(missing[1] as string, missing[2] as string));
    else if (absent) out.notInstalled.push(absent[1] as string);
    else if (LOOKS_LIKE_FLAGS.test(line)) out.entries.push(flagEntry(line, source, i + 1));
    else out.other.push(line);
  });
  return out;
}

function flagEntry(line: string, source: string, lineNo: number): VerifyEntry {
  for (let k = 0; k < 8; k++) {
    const c = line[k] as string;
    if (c !== '.' && c !== '?' && c !== LETTERS[k]) {
      throw new ParseError(source, lineNo, k + 1, `expected '.', '?' or '${LETTERS[k]}' in rpm -V's flag string, found '${c}'`);
    }
  }
  const m = MODERN.exec(line) ?? RPM44.exec(line);
  if (!m) throw new ParseError(source, lineNo, 9, 'a flag string must be followed by an attribute marker and a file name');
  const flags = (m[1] as string).padEnd(9, '.');
  const entry: VerifyEntry = { path: '', marker: marker(m[2] as string), missing: false, differs: [], unknown: [] };
  VERIFY_TESTS.forEach((test, k) => {
    if (flags[k] === '?') entry.unknown.push(test);
    else if (flags[k] !== '.') entry.differs.push(test);
  });
  const { path, note } = splitNote(m[3] as string, (n) => STATES.includes(n));
  entry.path = path;
  if (note) entry.state = note;
  if (!path.startsWith('/')) throw new ParseError(source, lineNo, line.length - (m[3] as string).length + 1, `file name is not absolute: ${JSON.stringify(path)}`);
  return entry;
}

function missingEntry(mark: string, rest: string): VerifyEntry {
  // strerror texts are words ("Permission denied"); a file name's own
  // parentheses are kept unless they hold only letters and spaces.
  const { path, note } = splitNote(rest, (n) => /^[A-Za-z][A-Za-z ]*$/.test(n));
  const entry: VerifyEntry = { path, marker: marker(mark), missing: true, differs: [], unknown: [] };
  if (note) entry.error = note;
  return entry;
}

function splitNote(rest: string, accept: (note: string) => boolean): { path: string; note?: string } {
  const m = / \(([^()]+)\)$/.exec(rest);
  if (m && accept(m[1] as string)) return { path: rest.slice(0, m.index), note: m[1] as string };
  return { path: rest };
}

function marker(c: string): FileMarker {
  return MARKERS[c] ?? 'none';
}
