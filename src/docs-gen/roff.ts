/**
 * Writing man(7) source safely. Every '-' becomes '\-' so that options stay
 * ASCII hyphen-minus when rendered (groff otherwise prints a typographic
 * hyphen that cannot be pasted into a shell); a line starting with '.' or
 * "'" would be read as a request, so it gets a zero-width '\&' in front.
 */

/** Escaped text on one line (a macro argument, or a short text line). */
export function roffText(s: string): string {
  const escaped = s.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/\s*\n\s*/g, ' ');
  return guardLine(escaped);
}

/**
 * Escaped text as filled text lines of at most 80 bytes (mandoc -T lint's
 * style limit), broken between words; roff joins them again when it fills.
 */
export function roffLines(s: string, width = 80): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of roffText(s).replace(/^\\&/, '').split(' ').filter(Boolean)) {
    if (line && Buffer.byteLength(`${line} ${word}`) > width) {
      lines.push(guardLine(line));
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(guardLine(line));
  return lines;
}

function guardLine(line: string): string {
  return /^[.']/.test(line) ? `\\&${line}` : line;
}

/** Bold option names and italic values in a flags string such as '-r, --root <DIR>'. */
export function roffFlags(flags: string): string {
  return flags
    .split(/(\s+|,\s*)/)
    .map((part) => {
      if (/^-/.test(part)) return `\\fB${roffText(part)}\\fR`;
      if (/^[<[].*[>\]]$/.test(part) || /^[A-Z][A-Z0-9_-]*$/.test(part)) return `\\fI${roffText(part)}\\fR`;
      return roffText(part);
    })
    .join('');
}

/** A tagged paragraph: the tag line (already in roff) and its text. */
export function tagged(tag: string, text: string): string[] {
  return ['.TP', tag, ...roffLines(text)];
}
