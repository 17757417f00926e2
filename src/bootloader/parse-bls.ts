/**
 * Boot Loader Specification type #1 entries: /boot/loader/entries/*.conf
 * (https://uapi-group.org/specifications/specs/boot_loader_specification/).
 *
 * One "key value" per line, '#' comments, keys title, version, machine-id,
 * sort-key, linux, initrd (repeatable), options, devicetree, architecture.
 * The entry's id is the file name without ".conf"; kernel-install names it
 * <machine-id>-<kernel-version>.conf, and that id is what grubenv's
 * saved_entry holds on Fedora and RHEL.
 *
 * GRUB reads these files itself (Fedora/RHEL's blscfg module,
 * grub-core/commands/blscfg.c in rhboot/grub2), with two differences from
 * the specification that matter for what actually boots:
 * - it stops reading a file at the first line without a value (an empty line
 *   included): keys after it are ignored;
 * - it uses only the first `options` line; the specification concatenates all.
 */
import { ParseError } from '../errors.js';
import type { ConfigWarning } from './model.js';

export interface BlsPair {
  key: string;
  value: string;
  line: number;
}

export interface BlsEntry {
  /** File name without ".conf". */
  id: string;
  /** The file, as a path inside the root (or as given). */
  file: string;
  pairs: BlsPair[];
  /** Line at which GRUB's blscfg stops reading (a line with no value), if a key follows it. */
  grubStopLine?: number;
}

export const BLS_SUFFIX = '.conf';

export function parseBlsEntry(text: string, file: string): BlsEntry {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (!base.endsWith(BLS_SUFFIX) || base.length <= BLS_SUFFIX.length) {
    throw new ParseError(file, 1, 1, `a BLS entry file name must end in ${BLS_SUFFIX}`);
  }
  const entry: BlsEntry = { id: base.slice(0, -BLS_SUFFIX.length), file, pairs: [] };
  let bare: number | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).replace(/\r$/, '').trim();
    if (line.startsWith('#')) continue;
    const m = /^(\S+)[ \t]+(\S.*)$/.exec(line);
    if (!m) {
      bare ??= n + 1;
      continue;
    }
    if (bare !== undefined) entry.grubStopLine ??= bare;
    entry.pairs.push({ key: m[1] as string, value: (m[2] as string).trim(), line: n + 1 });
  }
  return entry;
}

/** The pairs GRUB's blscfg sees: none after its stop line. */
export function grubPairs(e: BlsEntry): BlsPair[] {
  const stop = e.grubStopLine;
  return stop === undefined ? e.pairs : e.pairs.filter((p) => p.line < stop);
}

export function blsValue(pairs: BlsPair[], key: string): string | undefined {
  return pairs.find((p) => p.key === key)?.value;
}

export function blsValues(pairs: BlsPair[], key: string): string[] {
  return pairs.filter((p) => p.key === key).map((p) => p.value);
}

export function blsWarnings(e: BlsEntry): ConfigWarning[] {
  if (e.grubStopLine === undefined) return [];
  return [{ file: e.file, line: e.grubStopLine, message: `line ${e.grubStopLine} has no value: GRUB's blscfg stops reading this entry there and ignores the keys after it` }];
}

/**
 * $name and ${name} replaced from the GRUB environment (grubenv, then
 * grub.cfg's own `set`), unknown names by nothing, as GRUB does when it runs
 * the entry. Blanks are collapsed: on a kernel command line they only separate.
 */
const GRUB_VAR = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;

/** Variables `text` names that are unset or empty in `env`: GRUB replaces them by nothing. */
export function emptyGrubVars(text: string, env: ReadonlyMap<string, string>): string[] {
  const names = [...text.matchAll(GRUB_VAR)].map((m) => (m[1] ?? m[2]) as string);
  return [...new Set(names)].filter((n) => !env.get(n));
}

export function expandGrubVars(text: string, env: ReadonlyMap<string, string>): string {
  const out = text.replace(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_m, braced: string | undefined, bare: string | undefined) => env.get((braced ?? bare) as string) ?? '');
  return out.split(/\s+/).filter(Boolean).join(' ');
}
