/**
 * The one sanitiser for text saferpm prints: every line goes through it on
 * its way to the terminal (src/output/output.ts), so a string another user
 * controls (a process's name or argv in a snapshot report, a file name in an
 * error or in history, a package's summary or changelog) cannot carry escape
 * sequences to root's terminal (retitle it, rewrite earlier lines, or, on
 * some terminals, answer back as typed input). C0 controls except newline
 * and tab, DEL and the C1 controls (CSI is U+009B) become '?'. Pure.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}
