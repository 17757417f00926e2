/**
 * The glob systemd-boot matches loader.conf's `default` with (efi_fnmatch in
 * systemd src/fundamental/efi-string.c): '*' any run of characters, '?' one
 * character, "[...]" a set with ranges ("a-z") and '!' to negate, '\' makes
 * the next character literal. The whole id must match. No '/' special case.
 */
function setMatches(set: string, c: string): boolean {
  const negate = set.startsWith('!');
  const body = negate ? set.slice(1) : set;
  let hit = false;
  for (let k = 0; k < body.length; k++) {
    const lo = body[k] as string;
    if (body[k + 1] === '-' && k + 2 < body.length) {
      const hi = body[k + 2] as string;
      if (c >= lo && c <= hi) hit = true;
      k += 2;
    } else if (c === lo) hit = true;
  }
  return hit !== negate;
}

export function efiFnmatch(pattern: string, s: string): boolean {
  const go = (p: number, i: number): boolean => {
    while (p < pattern.length) {
      const c = pattern[p] as string;
      if (c === '*') {
        for (let k = i; k <= s.length; k++) if (go(p + 1, k)) return true;
        return false;
      }
      if (i >= s.length) return false;
      if (c === '?') {
        p++;
        i++;
        continue;
      }
      if (c === '[') {
        const end = pattern.indexOf(']', p + 2);
        if (end > 0) {
          if (!setMatches(pattern.slice(p + 1, end), s[i] as string)) return false;
          p = end + 1;
          i++;
          continue;
        }
      }
      const lit = c === '\\' && p + 1 < pattern.length ? (pattern[++p] as string) : c;
      if (lit !== s[i]) return false;
      p++;
      i++;
    }
    return i === s.length;
  };
  return go(0, 0);
}
