/**
 * systemd-boot's loader/loader.conf on the EFI system partition
 * (loader.conf(5); systemd src/boot/efi/boot.c config_defaults_load_from_file).
 * One "key value" per line (blanks or a tab between), '#' starts a comment
 * line, a value in double quotes loses them, and a key given twice keeps its
 * last value. Only what decides the next boot is modelled:
 * - `default`: a glob (fnmatch: * ? [...]) matched, case-folded, against the
 *   entry ids (the entry file names, "<machine-id>-<version>.conf"); "@saved"
 *   means the entry booted last (the EFI variable LoaderEntryLastBooted);
 *   any other "@..." is rejected by systemd-boot and ignored.
 * - `timeout`: seconds the menu waits; 0 boots at once (the menu shows on a
 *   key press); "menu-force" waits at the menu for ever; "menu-hidden" is 0.
 */
import type { ConfigWarning } from './model.js';

export interface LoaderConf {
  file: string;
  default?: { pattern: string; line: number };
  timeout?: { value: string; line: number; seconds?: number; forever: boolean };
  warnings: ConfigWarning[];
}

/** Key and value as systemd-boot's line_get_key_value splits a line; undefined for blank and comment lines. */
export function keyValue(raw: string): { key: string; value: string } | undefined {
  const line = raw.replace(/\r$/, '').trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const m = /^(\S+)[ \t]*(.*)$/.exec(line);
  if (!m) return undefined;
  let value = (m[2] as string).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return { key: m[1] as string, value };
}

function timeoutOf(value: string, line: number, file: string, warnings: ConfigWarning[]): LoaderConf['timeout'] {
  if (value === 'menu-force') return { value, line, forever: true };
  if (value === 'menu-hidden' || value === 'menu-disabled') return { value, line, seconds: 0, forever: false };
  if (/^\d+$/.test(value)) return { value, line, seconds: Number(value), forever: false };
  warnings.push({ file, line, message: `timeout '${value}' is not a number of seconds: systemd-boot ignores it` });
  return undefined;
}

export function parseLoaderConf(text: string, file: string): LoaderConf {
  const conf: LoaderConf = { file, warnings: [] };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const kv = keyValue(lines[n] as string);
    if (!kv) continue;
    if (kv.key === 'default') {
      if (kv.value.startsWith('@') && kv.value !== '@saved') {
        conf.warnings.push({ file, line: n + 1, message: `default '${kv.value}': systemd-boot knows no such special entry and ignores the line` });
        continue;
      }
      conf.default = { pattern: kv.value, line: n + 1 };
    } else if (kv.key === 'timeout') {
      const t = timeoutOf(kv.value, n + 1, file, conf.warnings);
      if (t) conf.timeout = t;
    }
  }
  if (conf.timeout?.forever) {
    conf.warnings.push({ file, line: conf.timeout.line, message: 'timeout menu-force: systemd-boot waits at its menu until someone picks an entry (no unattended reboot)' });
  }
  return conf;
}
