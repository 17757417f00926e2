/**
 * Laying out the note for an 80-column console: wrapped prose, commands
 * continued with a backslash (still valid to paste into a shell), and plain
 * ASCII for the copy on /boot, which the GRUB shell prints byte by byte. Pure.
 */

export const WIDTH = 80;

/** Words of `text` in lines of at most `width`, each starting with `indent` (the first with `first`). */
export function wrapText(text: string, indent = '', first = indent, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let lead = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length > lead.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
      lead = indent;
    } else {
      line = line.length > lead.length ? `${line} ${word}` : line + word;
    }
  }
  if (line.length > lead.length) lines.push(line);
  return lines;
}

/** "Label   value" with the value wrapped under itself. */
export function field(label: string, value: string, labelWidth = 12, indent = '  '): string[] {
  const first = `${indent}${label.length < labelWidth ? label.padEnd(labelWidth) : `${label} `}`;
  return wrapText(value, ' '.repeat(first.length), first);
}

/**
 * A shell command on lines of at most `width`, continued with ' \'. Quoted
 * words are never split (a backslash-newline inside quotes is not a continuation).
 */
export function commandText(command: string, indent = '    ', width = WIDTH): string[] {
  const words = command.match(/(?:'[^']*'|"[^"]*"|[^\s'"])+/g) ?? [];
  const lines: string[] = [];
  let line = indent + (words.shift() ?? '');
  for (const word of words) {
    if (line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `${indent}  ${word}`;
    } else {
      line = `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

export function heading(text: string): string[] {
  return ['', text, '-'.repeat(Math.min(text.length, WIDTH))];
}

/** Quote an argument for a POSIX shell only where it needs it. */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Plain ASCII: accents dropped (é -> e), anything else outside ASCII becomes '?'. */
export function toAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x09\x0a\x20-\x7e]/g, '?');
}

/** 2026-11-27 14:05 UTC from an ISO time stamp. */
export function humanTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
