/**
 * How libdnf reads the values of the few options saferpm checks
 * (libdnf/conf/ConfigMain.cpp, OptionBool.cpp, OptionStringList.cpp,
 * ConfigParser and config-private.hpp, dnf 4.14 / libdnf 0.69).
 */

/** libdnf OptionBool: these words, case-insensitive; anything else is invalid (dnf warns and keeps the old value). */
export function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['1', 'yes', 'true', 'on'].includes(v)) return true;
  if (['0', 'no', 'false', 'off'].includes(v)) return false;
  return undefined;
}

/**
 * A list option that appends (installonlypkgs, excludepkgs, includepkgs):
 * optionTListAppend adds the items to what the option holds; an empty value,
 * or an empty first item (",foo"), clears it first. Items are split at
 * spaces, commas and newlines.
 */
export function appendList(current: readonly string[], value: string): string[] {
  if (value.trim() === '') return [];
  const items = value.trimStart().split(/[ ,\n]+/);
  const cleared = value.trimStart().startsWith(',');
  return [...(cleared ? [] : current), ...items.filter(Boolean)];
}

export type LimitReading =
  | { ok: true; value: number }
  /** dnf rejects it: from a config file it warns and keeps the previous value; from --setopt it stops. */
  | { ok: false; why: string };

/**
 * installonly_limit: "<off>" is 0 (no limit); otherwise a whole number, and
 * dnf 4 rejects 1 ("value 1 is not allowed", measured with dnf 4.14) and
 * negative numbers. 0 means dnf never removes old kernels.
 */
export function parseInstallonlyLimit(value: string): LimitReading {
  const v = value.trim();
  if (v === '<off>') return { ok: true, value: 0 };
  if (/^-\d+$/.test(v)) return { ok: false, why: 'negative value is not allowed' };
  if (!/^\d+$/.test(v)) return { ok: false, why: 'invalid value' };
  const n = Number(v);
  if (n === 1) return { ok: false, why: 'value 1 is not allowed' };
  return { ok: true, value: n };
}
