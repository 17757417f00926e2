/**
 * rpm's version comparison, natively. Semantics follow rpm's
 * rpmio/rpmvercmp.c (segments) and rpmver.c (epoch:version-release), checked
 * row by row against the installed rpm in test/unit/evr.test.ts:
 * - a version is split into runs of ASCII letters or ASCII digits; every other
 *   byte (including non-ASCII) only separates runs;
 * - '~' sorts before everything, even the end of the string (1.0~rc1 < 1.0);
 * - '^' sorts after the end but before any other segment (1.0 < 1.0^git1 < 1.0.1);
 * - digits beat letters; numbers compare by value with leading zeros ignored
 *   (any length, no overflow); letters compare as bytes;
 * - the string with segments left over is newer.
 */

export type Cmp = -1 | 0 | 1;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const TILDE = 126;
const CARET = 94;

/** rpmvercmp(a, b) for one version or release string. */
export function rpmvercmp(a: string, b: string): Cmp {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const n = a.length;
  const m = b.length;
  const at = (s: string, k: number, len: number): number => (k < len ? s.charCodeAt(k) : 0);
  for (;;) {
    while (i < n && !isSegmentStart(a.charCodeAt(i))) i++;
    while (j < m && !isSegmentStart(b.charCodeAt(j))) j++;
    const ca = at(a, i, n);
    const cb = at(b, j, m);
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= n) return -1;
      if (j >= m) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= n || j >= m) break;
    const numeric = isDigit(ca);
    const kind = numeric ? isDigit : isAlpha;
    let ei = i;
    while (ei < n && kind(a.charCodeAt(ei))) ei++;
    let ej = j;
    while (ej < m && kind(b.charCodeAt(ej))) ej++;
    // b has a segment of the other kind here: numbers are newer than letters.
    if (ej === j) return numeric ? 1 : -1;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = stripZeros(sa);
      sb = stripZeros(sb);
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= n && j >= m) return 0;
  return i >= n ? -1 : 1;
}

function isSegmentStart(c: number): boolean {
  return isDigit(c) || isAlpha(c) || c === TILDE || c === CARET;
}

function stripZeros(s: string): string {
  let k = 0;
  while (k < s.length - 1 && s.charCodeAt(k) === 48) k++;
  return s.charCodeAt(k) === 48 && k === s.length - 1 ? '' : s.slice(k);
}

export interface Evr {
  /** Absent epoch is compared as 0. */
  epoch?: string;
  version: string;
  /** Absent release sorts before any release (rpm >= 4.16 rpmverCmp). */
  release?: string;
}

/**
 * Split "[epoch:]version[-release]" the way rpm's parseEVR does: the epoch is
 * the leading digits when a ':' follows them; the release is what follows the
 * last '-' after that.
 */
export function parseEvr(text: string): Evr {
  let s = 0;
  while (s < text.length && isDigit(text.charCodeAt(s))) s++;
  let epoch: string | undefined;
  let rest = text;
  if (text[s] === ':') {
    epoch = s === 0 ? '0' : text.slice(0, s);
    rest = text.slice(s + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return epoch === undefined ? { version: rest } : { epoch, version: rest };
  const evr: Evr = { version: rest.slice(0, dash), release: rest.slice(dash + 1) };
  if (epoch !== undefined) evr.epoch = epoch;
  return evr;
}

export function compareEvr(a: Evr, b: Evr): Cmp {
  const e = rpmvercmp(a.epoch ?? '0', b.epoch ?? '0');
  if (e !== 0) return e;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release !== undefined && b.release !== undefined) return rpmvercmp(a.release, b.release);
  if (a.release !== undefined) return 1;
  if (b.release !== undefined) return -1;
  return 0;
}

/**
 * Compare two "[epoch:]version[-release]" strings as rpm.vercmp() does. An
 * empty string (which rpm rejects as "invalid version") means "no version" and
 * sorts before every version; two empty strings are equal.
 */
export function compareEvrStrings(a: string, b: string): Cmp {
  if (a === '' || b === '') return a === b ? 0 : a === '' ? -1 : 1;
  return compareEvr(parseEvr(a), parseEvr(b));
}

export function formatEvr(evr: Evr): string {
  const e = evr.epoch !== undefined && evr.epoch !== '0' && evr.epoch !== '' ? `${evr.epoch}:` : '';
  return `${e}${evr.version}${evr.release !== undefined ? `-${evr.release}` : ''}`;
}
