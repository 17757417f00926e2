/**
 * Which packages are install-only (kept side by side, never upgraded in
 * place), by dnf's rule: a package is install-only when its name or one of
 * its Provides is in installonlypkgs (libdnf/conf/Const.hpp for the default).
 * dnf.conf's installonlypkgs= appends to the default and an empty value
 * clears it; yum 3 (no /etc/dnf/dnf.conf) replaced the default instead.
 */
import { ConfigError, ParseError } from '../errors.js';
import { CONFIG_MATTERS, readTrustedFile } from '../fs/trusted-read.js';
import { parseIni, splitList } from '../dnf/parse-ini.js';

export const DEFAULT_INSTALLONLY = [
  'kernel', 'kernel-PAE', 'installonlypkg(kernel)', 'installonlypkg(kernel-module)', 'installonlypkg(vm)', 'multiversion(kernel)',
];

export interface InstallOnlyConfig {
  names: string[];
  /** Where the list came from, for the plan's explanation. */
  source: string;
  /** dnf's installonly_limit when the configuration sets it. */
  limit?: number;
}

export async function loadInstallOnlyConfig(root: string, extra: readonly string[] = []): Promise<InstallOnlyConfig> {
  const dnf = (await readTrustedFile(root, '/etc/dnf/dnf.conf', CONFIG_MATTERS))?.text;
  const file = dnf !== undefined ? '/etc/dnf/dnf.conf' : '/etc/yum.conf';
  const text = dnf ?? (await readTrustedFile(root, '/etc/yum.conf', CONFIG_MATTERS))?.text;
  let config: InstallOnlyConfig = { names: [...DEFAULT_INSTALLONLY], source: 'dnf default' };
  if (text !== undefined) config = fromMainSection(text, file, dnf !== undefined ? 'append' : 'replace');
  if (extra.length) {
    config.names = [...new Set([...config.names, ...extra])];
    config.source += ' + saferpm policy installonly_extra';
  }
  return config;
}

function fromMainSection(text: string, file: string, semantics: 'append' | 'replace'): InstallOnlyConfig {
  let main;
  try {
    main = parseIni(text, file).get('main');
  } catch (e) {
    if (e instanceof ParseError) throw new ConfigError(file, e.reason, e.line);
    throw e;
  }
  const config: InstallOnlyConfig = { names: [...DEFAULT_INSTALLONLY], source: 'dnf default' };
  const pkgs = main?.get('installonlypkgs');
  if (pkgs) {
    const listed = splitList(pkgs.value);
    if (semantics === 'append' && listed.length) config.names = [...new Set([...DEFAULT_INSTALLONLY, ...listed])];
    else config.names = listed;
    config.source = `${file}:${pkgs.line} installonlypkgs=${pkgs.value}${semantics === 'append' ? ' (added to the default)' : ' (yum: replaces the default)'}`;
  }
  const limit = main?.get('installonly_limit');
  if (limit && /^\d+$/.test(limit.value)) config.limit = Number(limit.value);
  return config;
}
