/**
 * The versionlock plugin (python3-dnf-plugin-versionlock, dnf-plugins-core
 * plugins/versionlock.py): PLUGINCONFPATH/versionlock.conf ([main]
 * enabled, locklist=FILE) names the lock list. Each line is a lock
 * ("kernel-core-0:6.1.10-1.*": every other version of that name is hidden
 * from dnf) or, with a leading '!', an exclude. Comment lines start with '#'.
 * Like dnf, the plugin configuration is read from the host even with
 * --installroot (dnf(8): pluginconfpath is relative to the host).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMissing } from '../../fs/rooted.js';
import type { DnfGlobals } from '../cli/argv.js';
import type { DnfConfig } from '../../dnf-config/effective.js';
import { parseBool } from '../../dnf-config/option-values.js';
import { parseIni } from '../../dnf-config/parse-ini.js';
import { globMatch } from './glob.js';

export interface VersionLockEntry {
  /** The package name (glob) the entry is about. */
  name: string;
  /** The whole pattern, without the '!'. */
  pattern: string;
  exclude: boolean;
  line: number;
}

export interface VersionLock {
  file: string;
  entries: VersionLockEntry[];
}

/** Lines of the lock list; the name of a lock is what precedes -[EPOCH:]VERSION-RELEASE. */
export function parseLockList(text: string): VersionLockEntry[] {
  const entries: VersionLockEntry[] = [];
  text.split('\n').forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const exclude = line.startsWith('!');
    const pattern = exclude ? line.slice(1) : line;
    const nevr = /^(.+)-(?:\d+:)?[^-:]+-[^-]+$/.exec(pattern);
    entries.push({ name: exclude || !nevr ? pattern : (nevr[1] as string), pattern, exclude, line: k + 1 });
  });
  return entries;
}

/** The lock list dnf would apply, or undefined when the plugin is off or not configured. */
export async function loadVersionLock(config: DnfConfig, globals: DnfGlobals): Promise<VersionLock | undefined> {
  if (!config.plugins || globals.disablePlugins.some((p) => globMatch(p, 'versionlock'))) return undefined;
  const confFile = path.join(config.pluginconfpath, 'versionlock.conf');
  const conf = await readOptional(confFile);
  if (conf === undefined) return undefined;
  let main;
  try {
    main = parseIni(conf, confFile).get('main');
  } catch {
    return undefined; // dnf cannot load it either
  }
  const enabled = parseBool(main?.get('enabled')?.value ?? '1') ?? true;
  const list = main?.get('locklist')?.value;
  if (!enabled || !list) return undefined;
  const text = await readOptional(list);
  return text === undefined ? undefined : { file: list, entries: parseLockList(text) };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}
