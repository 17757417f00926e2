/**
 * Shell-style globs as dnf matches package specs and repository ids against
 * them (Python fnmatch / libdnf's fnmatch(3) without flags): '*' and '?'
 * match any characters including '/', '[...]' a set ('[!...]' negated).
 */
export function globMatch(pattern: string, text: string): boolean {
  return globToRegExp(pattern).test(text);
}

export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, close);
      if (set.startsWith('!')) set = '^' + set.slice(1);
      re += `[${set.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
