/**
 * The GRUB 2 environment block (grubenv): what `load_env` at boot time reads.
 *
 * Format, as GRUB reads it (grub-core/lib/envblk.c, grub_envblk_open and
 * grub_envblk_iterate): the file must begin with the signature
 * "# GRUB Environment Block\n", otherwise GRUB loads nothing at all. After it,
 * lines starting with '#' are skipped; any other line is NAME=VALUE, where a
 * backslash escapes the next byte. A NAME that runs to the end of the block
 * without '=' or a VALUE without a closing newline is "broken": GRUB stops
 * there, keeping what it read before. grub-editenv writes exactly 1024 bytes
 * padded with '#' (DEFAULT_ENVBLK_SIZE); `save_env` at boot rewrites the block
 * in place, which fails on a block that was resized or re-created by an editor.
 *
 * A bad block is a finding (GrubEnvReport.problems), never an exception.
 */
import type { GrubEnvReport } from './model.js';

export const GRUBENV_SIGNATURE = '# GRUB Environment Block\n';
export const GRUBENV_SIZE = 1024;

const HASH = 0x23;
const NL = 0x0a;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;

export function parseGrubEnv(data: Uint8Array, file: string): GrubEnvReport {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const problems: string[] = [];
  const vars = Object.create(null) as Record<string, string>; // names such as __proto__ are plain names here
  const lines = Object.create(null) as Record<string, number>;
  const report: GrubEnvReport = { file, readable: false, size: bytes.length, vars, lines, problems };
  if (bytes.length !== GRUBENV_SIZE) {
    problems.push(`${file} is ${bytes.length} bytes, not ${GRUBENV_SIZE}: GRUB's save_env cannot update it at boot; recreate it with 'grub2-editenv ${file} create'`);
  }
  if (bytes.subarray(0, GRUBENV_SIGNATURE.length).toString('latin1') !== GRUBENV_SIGNATURE) {
    problems.push(`${file} does not begin with '# GRUB Environment Block': GRUB ignores the whole file, so saved_entry and kernelopts are unset at boot`);
    return report;
  }
  report.readable = true;
  const { broken, splitNames } = iterate(bytes, GRUBENV_SIGNATURE.length, vars, lines);
  for (const name of splitNames) {
    problems.push(`${file}: an empty line runs into '${name.replace(/\n/g, '\\n')}': GRUB reads that name with the newline in it, so the variable is lost`);
  }
  if (broken !== undefined) {
    problems.push(`${file}: byte ${broken} starts a line without a complete NAME=VALUE: GRUB stops reading there (typical of a block edited with a text editor)`);
  }
  return report;
}

/**
 * GRUB's grub_envblk_iterate: the offset of a broken line, and names that
 * swallowed a newline. `lines` gets each name's 1-based line in the file
 * (newlines counted as far as the name, once: linear in the block's size).
 */
function iterate(b: Buffer, start: number, vars: Record<string, string>, lines: Record<string, number>): { broken?: number; splitNames: string[] } {
  const splitNames: string[] = [];
  let counted = 0;
  let line = 1;
  let p = start;
  const end = b.length;
  while (p < end) {
    if (b[p] === HASH) {
      p = nextLine(b, p);
      continue;
    }
    const nameStart = p;
    while (p < end && b[p] !== EQUALS) p++;
    if (p >= end) return { broken: nameStart, splitNames };
    const name = b.subarray(nameStart, p).toString('utf8');
    if (name.includes('\n')) splitNames.push(name);
    const valueStart = ++p;
    while (p < end && b[p] !== NL) p += b[p] === BACKSLASH ? 2 : 1;
    if (p >= end) return { broken: nameStart, splitNames };
    vars[name] = unescape(b.subarray(valueStart, p));
    for (; counted < nameStart; counted++) if (b[counted] === NL) line++;
    lines[name] = line + countNl(name);
    p++;
  }
  return { splitNames };
}

function countNl(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}

function nextLine(b: Buffer, p: number): number {
  while (p < b.length && b[p] !== NL) p += b[p] === BACKSLASH ? 2 : 1;
  return p + 1;
}

function unescape(v: Buffer): string {
  if (!v.includes(BACKSLASH)) return v.toString('utf8');
  const out = Buffer.alloc(v.length);
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === BACKSLASH && i + 1 < v.length) i++;
    out[n++] = v[i] as number;
  }
  return out.subarray(0, n).toString('utf8');
}
