/**
 * The effective dnf configuration for the options that decide whether kernels
 * are kept: the [main] section of the configuration file dnf reads, then the
 * command line (--setopt in order, -x, --disableexcludes), as libdnf layers
 * them (a later, higher-priority value wins; list options append, an empty
 * value clears). Repository sections of .repo files add their own excludes.
 * Every value says where it came from, so a warning can name the line.
 * Pure: the files are read by files.ts.
 */
import { ParseError, ConfigError } from '../errors.js';
import { DEFAULT_INSTALLONLY, DEFAULT_SOURCE } from './installonly.js';
import { parseIni, type IniSection } from './parse-ini.js';
import { appendList, parseBool, parseInstallonlyLimit } from './option-values.js';

export interface ConfigFileText {
  /** As dnf names it: the path inside the root, or on the host. */
  path: string;
  text: string;
}

export interface Setting<T> {
  value: T;
  /** "dnf default", "/etc/dnf/dnf.conf:4", "--setopt=installonly_limit=2", "-x kernel*". */
  source: string;
}

export interface RepoExclude {
  repo: string;
  pattern: string;
  source: string;
  enabled: boolean;
}

export interface DnfConfig {
  configFile?: string;
  installonlypkgs: Setting<string[]>;
  installonlyLimit: Setting<number>;
  protectRunningKernel: Setting<boolean>;
  /** [main] excludepkgs (and -x), each pattern with its source; empty when --disableexcludes=main|all. */
  excludes: Setting<string>[];
  includes: Setting<string>[];
  repoExcludes: RepoExclude[];
  assumeyes: boolean;
  defaultyes: boolean;
  /** dnf's cache folder inside the root (dnf always prepends --installroot to it). */
  cachedir: string;
  plugins: boolean;
  pluginconfpath: string;
  /** Values dnf rejects ("installonly_limit=1 ... value 1 is not allowed"), in dnf's words. */
  problems: string[];
}

/** What dnf's command line says about its configuration (src/dnf/cli/argv.ts DnfGlobals has these fields). */
export interface CommandLineSettings {
  /** -c FILE */
  config?: string;
  /** --setopt=[repo.]key=value, in order. */
  setopts: { key: string; value: string; repo?: string }[];
  /** -x/--exclude values. */
  excludes: string[];
  disableExcludes: string[];
  noplugins: boolean;
  assumeyes: boolean;
}

export interface DnfConfigInput {
  main?: ConfigFileText;
  repoFiles: ConfigFileText[];
  globals: CommandLineSettings;
}

export function effectiveConfig(input: DnfConfigInput): DnfConfig {
  const c = defaults();
  if (input.main) {
    c.configFile = input.main.path;
    const sections = parseConfig(input.main);
    const main = sections.get('main');
    if (main) for (const [key, v] of main) applyMain(c, key, v.value, `${input.main.path}:${v.line}`, 'file');
    addRepoExcludes(c, sections, input.main.path);
  }
  for (const f of input.repoFiles) addRepoExcludes(c, parseConfig(f), f.path);
  for (const s of input.globals.setopts) {
    if (s.repo === undefined) applyMain(c, s.key, s.value, `--setopt=${s.key}=${s.value}`, 'setopt');
    else if (['excludepkgs', 'exclude'].includes(s.key)) addRepoSetopt(c, s.repo, s.value);
  }
  for (const x of input.globals.excludes) c.excludes = appendSourced(c.excludes, x, `-x ${x}`);
  if (input.globals.assumeyes) c.assumeyes = true;
  applyDisableExcludes(c, input.globals.disableExcludes);
  if (input.globals.noplugins) c.plugins = false;
  return c;
}

function defaults(): DnfConfig {
  return {
    installonlypkgs: { value: [...DEFAULT_INSTALLONLY], source: DEFAULT_SOURCE },
    installonlyLimit: { value: 3, source: 'dnf default' },
    protectRunningKernel: { value: true, source: 'dnf default' },
    excludes: [], includes: [], repoExcludes: [],
    assumeyes: false, defaultyes: false, cachedir: '/var/cache/dnf', plugins: true, pluginconfpath: '/etc/dnf/plugins', problems: [],
  };
}

function parseConfig(f: ConfigFileText): Map<string, IniSection> {
  try {
    return parseIni(f.text, f.path);
  } catch (e) {
    if (e instanceof ParseError) throw new ConfigError(f.path, e.reason, e.line);
    throw e;
  }
}

function applyMain(c: DnfConfig, key: string, value: string, source: string, from: 'file' | 'setopt'): void {
  switch (key) {
    case 'installonlypkgs':
      c.installonlypkgs = { value: appendList(c.installonlypkgs.value, value), source };
      break;
    case 'installonly_limit': {
      const r = parseInstallonlyLimit(value);
      if (r.ok) c.installonlyLimit = { value: r.value, source };
      else c.problems.push(from === 'file'
        ? `${source}: installonly_limit=${value} is rejected by dnf (${r.why}); dnf keeps ${c.installonlyLimit.value} (${c.installonlyLimit.source})`
        : `${source}: dnf refuses to run (${r.why})`);
      break;
    }
    case 'protect_running_kernel': setBool(c, 'protectRunningKernel', key, value, source); break;
    case 'exclude': case 'excludepkgs': c.excludes = appendSourced(c.excludes, value, source); break;
    case 'include': case 'includepkgs': c.includes = appendSourced(c.includes, value, source); break;
    case 'assumeyes': c.assumeyes = parseBool(value) ?? c.assumeyes; break;
    case 'defaultyes': c.defaultyes = parseBool(value) ?? c.defaultyes; break;
    case 'cachedir': c.cachedir = value; break;
    case 'plugins': c.plugins = parseBool(value) ?? c.plugins; break;
    case 'pluginconfpath': c.pluginconfpath = value.split(/[ ,]+/)[0] ?? c.pluginconfpath; break;
    default: break;
  }
}

function setBool(c: DnfConfig, field: 'protectRunningKernel', key: string, value: string, source: string): void {
  const b = parseBool(value);
  if (b === undefined) c.problems.push(`${source}: ${key}=${value} is not a boolean; dnf keeps ${c[field].value}`);
  else c[field] = { value: b, source };
}

/** appendList, keeping each pattern's source. */
function appendSourced(current: Setting<string>[], value: string, source: string): Setting<string>[] {
  const values = appendList(current.map((s) => s.value), value);
  const kept = values.length >= current.length && current.every((s, k) => values[k] === s.value) ? current : [];
  return [...kept, ...values.slice(kept.length).map((v) => ({ value: v, source }))];
}

function addRepoExcludes(c: DnfConfig, sections: Map<string, IniSection>, file: string): void {
  for (const [repo, section] of sections) {
    if (repo === 'main') continue;
    const enabled = parseBool(section.get('enabled')?.value ?? '1') ?? true;
    for (const key of ['excludepkgs', 'exclude']) {
      const v = section.get(key);
      if (!v) continue;
      for (const pattern of appendList([], v.value)) c.repoExcludes.push({ repo, pattern, source: `${file}:${v.line}`, enabled });
    }
  }
}

function addRepoSetopt(c: DnfConfig, repo: string, value: string): void {
  if (value.trim() === '') c.repoExcludes = c.repoExcludes.filter((r) => r.repo !== repo);
  for (const pattern of appendList([], value)) c.repoExcludes.push({ repo, pattern, source: `--setopt=${repo}.excludepkgs=${value}`, enabled: true });
}

/** --disableexcludes=all|main|REPOID (dnf.conf(5) disable_excludes). */
function applyDisableExcludes(c: DnfConfig, names: string[]): void {
  if (names.includes('all') || names.includes('main')) {
    c.excludes = [];
    c.includes = [];
  }
  if (names.includes('all')) c.repoExcludes = [];
  else c.repoExcludes = c.repoExcludes.filter((r) => !names.includes(r.repo));
}
