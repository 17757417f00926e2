/**
 * Which configuration files dnf reads for a root, as dnf 4 decides it
 * (dnf/cli/cli.py _read_conf_file, dnf/conf/config.py
 * _search_inside_installroot; dnf(8) --installroot): the configuration file
 * and the repository folders are searched inside the installroot first and
 * taken from the host when the root has none; a path given on the command
 * line (-c FILE, --setopt=reposdir=DIR) is always the host's. So for a root
 * without /etc/dnf/dnf.conf dnf uses the host's, and so does saferpm: it
 * predicts what dnf will do.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMissing, joinRoot, resolveInRoot } from '../fs/rooted.js';
import { effectiveConfig, type CommandLineSettings, type ConfigFileText, type DnfConfig } from './effective.js';
import { splitList } from './parse-ini.js';
import { readConfigFile, readMainConfigFile } from './read-file.js';

const DEFAULT_CONFIG = '/etc/dnf/dnf.conf';
const DEFAULT_REPOSDIRS = ['/etc/yum.repos.d', '/etc/yum/repos.d', '/etc/distro.repos.d'];

export async function loadDnfConfig(root: string, globals: CommandLineSettings, cwd = process.cwd()): Promise<DnfConfig> {
  const main = await readMainConfig(root, globals, cwd);
  const repoFiles = await readRepoFiles(root, reposdirs(globals));
  return effectiveConfig({ ...(main ? { main } : {}), repoFiles, globals });
}

async function readMainConfig(root: string, globals: CommandLineSettings, cwd: string): Promise<ConfigFileText | undefined> {
  if (globals.config !== undefined) {
    const file = path.resolve(cwd, globals.config);
    const text = await readHost(file);
    return text === undefined ? undefined : { path: file, text }; // missing: dnf stops with "Config file ... does not exist"
  }
  if (root !== '/') {
    const text = await readMainConfigFile(root, DEFAULT_CONFIG);
    if (text !== undefined) return { path: joinRoot(root, DEFAULT_CONFIG), text };
  }
  const text = await readMainConfigFile('/', DEFAULT_CONFIG);
  return text === undefined ? undefined : { path: DEFAULT_CONFIG, text };
}

/** reposdir from --setopt (host paths), else the defaults (inside the root when any of them exists there). */
function reposdirs(globals: CommandLineSettings): { dirs: string[]; fromCommandLine: boolean } {
  const set = globals.setopts.filter((s) => s.repo === undefined && s.key === 'reposdir').at(-1);
  return set ? { dirs: splitList(set.value), fromCommandLine: true } : { dirs: DEFAULT_REPOSDIRS, fromCommandLine: false };
}

async function readRepoFiles(root: string, where: { dirs: string[]; fromCommandLine: boolean }): Promise<ConfigFileText[]> {
  let dirs = where.dirs;
  if (!where.fromCommandLine && root !== '/') {
    const inRoot = await Promise.all(dirs.map(async (d) => exists(await resolveInRoot(root, d))));
    if (inRoot.some(Boolean)) dirs = await Promise.all(dirs.map((d) => resolveInRoot(root, d)));
  }
  const files: ConfigFileText[] = [];
  for (const dir of dirs) {
    for (const name of await listRepoFiles(dir)) {
      const text = await readHost(path.join(dir, name));
      if (text !== undefined) files.push({ path: path.join(dir, name), text });
    }
  }
  return files;
}

async function listRepoFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.repo')).sort();
  } catch (e) {
    if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await readdir(p);
    return true;
  } catch {
    return false;
  }
}

/** A path dnf takes from the host (-c FILE, reposdir from --setopt, a folder already resolved in the root). */
function readHost(file: string): Promise<string | undefined> {
  return readConfigFile('/', file);
}
