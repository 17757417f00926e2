/**
 * systemd's version comparison, strverscmp_improved() (systemd
 * src/fundamental/string-util-fundamental.c; "Version Format Specification"
 * of the UAPI group), which systemd-boot uses to order boot entries. Like
 * rpmvercmp, the string is read as numeric and alphabetic segments, but
 * each segment may carry a prefix: '~' (older than anything, even the end),
 * '-' (older than '^', '.' and no prefix), '^', '.'; other characters only
 * separate. Numbers compare by value (leading zeros dropped), a number is
 * newer than letters, and a string with more segments is newer.
 * Returns -1, 0 or 1 (a older, equal, newer than b).
 */
export type Cmp = -1 | 0 | 1;

const cmp = (a: number, b: number): Cmp => (a < b ? -1 : a > b ? 1 : 0);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isValid = (c: string): boolean => isDigit(c) || isAlpha(c) || '~-^.'.includes(c);

/** NUL ends the C string: code 0 at the end, as CMP(*a, *b) sees it. */
const code = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : 0);

function strcmp(a: string, b: string): Cmp {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function strverscmpImproved(a: string | undefined, b: string | undefined): Cmp {
  // isempty(a) || isempty(b): strcmp_ptr, where a missing string sorts before any other.
  if (!a || !b) {
    if (a !== undefined && b !== undefined) return strcmp(a, b);
    return cmp(a === undefined ? 0 : 1, b === undefined ? 0 : 1);
  }
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isValid(a[i] as string)) i++;
    while (j < b.length && !isValid(b[j] as string)) j++;
    if (a[i] === '~' || b[j] === '~') {
      const r = cmp(Number(a[i] !== '~'), Number(b[j] !== '~'));
      if (r) return r;
      i++;
      j++;
    }
    if (i >= a.length || j >= b.length) return cmp(code(a, i), code(b, j));
    for (const p of ['-', '^', '.']) {
      if (a[i] === p || b[j] === p) {
        const r = cmp(Number(a[i] !== p), Number(b[j] !== p));
        if (r) return r;
        i++;
        j++;
      }
    }
    let ii: number;
    let jj: number;
    if (isDigit(a[i]) || isDigit(b[j])) {
      while (a[i] === '0') i++;
      while (b[j] === '0') j++;
      for (ii = i; isDigit(a[ii]); ii++);
      for (jj = j; isDigit(b[jj]); jj++);
      const r = cmp(ii - i, jj - j) || strcmp(a.slice(i, ii), b.slice(j, jj));
      if (r) return r;
    } else {
      for (ii = i; isAlpha(a[ii]); ii++);
      for (jj = j; isAlpha(b[jj]); jj++);
      const n = Math.min(ii - i, jj - j);
      const r = strcmp(a.slice(i, i + n), b.slice(j, j + n)) || cmp(ii - i, jj - j);
      if (r) return r;
    }
    i = ii;
    j = jj;
  }
}
