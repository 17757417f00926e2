/**
 * File names that are not valid UTF-8. Node decodes the command line as
 * UTF-8 and replaces bad bytes with U+FFFD, so such a name cannot be opened
 * from process.argv. The kernel keeps the raw bytes in /proc/self/cmdline;
 * an argument whose decoding equals the damaged string is the one meant.
 */
import { readFileSync } from 'node:fs';

let raw: Buffer[] | undefined;

function cmdline(): Buffer[] {
  if (!raw) {
    try {
      const all = readFileSync('/proc/self/cmdline');
      const parts: Buffer[] = [];
      let start = 0;
      for (let i = 0; i < all.length; i++) {
        if (all[i] === 0) {
          parts.push(all.subarray(start, i));
          start = i + 1;
        }
      }
      raw = parts;
    } catch {
      raw = [];
    }
  }
  return raw;
}

/** The raw bytes of a command-line argument that Node could not decode, if it is one. */
export function rawArgument(given: string): Buffer | undefined {
  if (!given.includes('\uFFFD')) return undefined;
  return cmdline().find((b) => b.toString('utf8') === given && !isValidUtf8(b));
}

function isValidUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}
