/**
 * saferpm's one definition of install-only (kept side by side, never upgraded
 * in place), for the rpm path and the dnf path alike. dnf's rule: a package is
 * install-only when its name or one of its Provides is in installonlypkgs
 * (the default: libdnf/conf/Const.hpp; docs/rpm-facts.md).
 *
 * The list is dnf's default, plus what the configuration names, plus the patch
 * plan's installonly_extra. A configuration can add names but not take the
 * defaults away: a dnf.conf that clears installonlypkgs (`installonlypkgs=`)
 * or a yum.conf that replaces it changes what dnf or yum would do, not what a
 * kernel is, and saferpm keeps kernels whatever the file says (the dnf path
 * warns about such a file: src/dnf/config/findings.ts).
 */
import { ConfigError, ParseError } from '../errors.js';
import type { ConfigFileText, Setting } from './effective.js';
import { appendList } from './option-values.js';
import { parseIni } from './parse-ini.js';
import { readMainConfigFile } from './read-file.js';

export const DEFAULT_INSTALLONLY = [
  'kernel', 'kernel-PAE', 'installonlypkg(kernel)', 'installonlypkg(kernel-module)', 'installonlypkg(vm)', 'multiversion(kernel)',
];

export interface InstallOnlyConfig {
  names: string[];
  /** Where the list came from, for the plan's explanation. */
  source: string;
}

export const DEFAULT_SOURCE = 'dnf default';

/** The install-only list from the configured installonlypkgs (dnf's or yum's reading) and the plan's extra names. */
export function installOnlyList(configured: Setting<string[]>, extra: readonly string[] = []): InstallOnlyConfig {
  const names = [...new Set([...DEFAULT_INSTALLONLY, ...configured.value, ...extra])];
  const from = configured.source === DEFAULT_SOURCE ? DEFAULT_SOURCE : `${DEFAULT_SOURCE} + installonlypkgs (${configured.source})`;
  return { names, source: `${from}${extra.length ? ' + saferpm policy installonly_extra' : ''}` };
}

/**
 * installonlypkgs as the tool owning the file reads it: dnf appends to its
 * default and an empty value clears (libdnf's append list, option-values.ts);
 * yum 3 replaced its default with the value.
 */
export function configuredInstallOnly(file: ConfigFileText, tool: 'dnf' | 'yum'): Setting<string[]> {
  let main;
  try {
    main = parseIni(file.text, file.path).get('main');
  } catch (e) {
    if (e instanceof ParseError) throw new ConfigError(file.path, e.reason, e.line);
    throw e;
  }
  const pkgs = main?.get('installonlypkgs');
  if (!pkgs) return { value: [...DEFAULT_INSTALLONLY], source: DEFAULT_SOURCE };
  const source = `${file.path}:${pkgs.line}`;
  return tool === 'dnf'
    ? { value: appendList(DEFAULT_INSTALLONLY, pkgs.value), source }
    : { value: appendList([], pkgs.value), source: `${source}, yum: replaces its default` };
}

/**
 * The rpm path: the configuration of the system rpm installs into, the root's
 * /etc/dnf/dnf.conf, else its /etc/yum.conf (yum 3; on dnf systems a link to
 * dnf.conf, resolved inside the root).
 */
export async function loadInstallOnlyConfig(root: string, extra: readonly string[] = []): Promise<InstallOnlyConfig> {
  for (const [file, tool] of [['/etc/dnf/dnf.conf', 'dnf'], ['/etc/yum.conf', 'yum']] as const) {
    const text = await readMainConfigFile(root, file);
    if (text !== undefined) return installOnlyList(configuredInstallOnly({ path: file, text }, tool), extra);
  }
  return installOnlyList({ value: [...DEFAULT_INSTALLONLY], source: DEFAULT_SOURCE }, extra);
}
