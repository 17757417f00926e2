/**
 * Advisories from dnf's own metadata cache under the root. dnf 4 keeps each
 * repository's metadata in CACHEDIR/<repoid>-<16 hex digits>/repodata/ (the
 * hex digits hash the repository's URLs, so an id can have several folders
 * after a URL change: the one with the newest repomd.xml is the one in use).
 * repomd.xml names the updateinfo file; it is compressed as the repository
 * chose: gzip is read in-process, xz, bzip2, zstd and zchunk with their tools.
 * Nothing here is fatal: a repository without advisories is reported as such.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ParseError } from '../../errors.js';
import { runCommand } from '../../exec/run.js';
import { resolveInRoot } from '../../fs/rooted.js';
import { parseRepomd, parseUpdateinfo, type Advisory } from './parse-updateinfo.js';

export interface RepoAdvisories {
  repo: string;
  advisories: Advisory[];
  /** The updateinfo file read, or why none could be. */
  file?: string;
  problem?: string;
}

const DECOMPRESSORS: Record<string, [tool: string, args: string[]]> = {
  '.xz': ['xz', ['-dc']], '.bz2': ['bzip2', ['-dc']], '.zst': ['zstd', ['-dc']], '.zck': ['unzck', ['--stdout']],
};

/** The advisories of these repositories that name one of these packages (all of them when names is undefined). */
export async function loadAdvisories(root: string, cachedir: string, repos: readonly string[], names?: ReadonlySet<string>): Promise<RepoAdvisories[]> {
  const dir = await resolveInRoot(root, cachedir);
  const folders = await cacheFolders(dir);
  return Promise.all([...new Set(repos)].map((repo) => repoAdvisories(repo, folders.get(repo), cachedir, names)));
}

/** repoid -> its newest metadata folder (host path). */
async function cacheFolders(dir: string): Promise<Map<string, string>> {
  const best = new Map<string, { dir: string; mtime: number }>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return new Map();
  }
  for (const name of names) {
    const m = /^(.+)-[0-9a-f]{16}$/.exec(name);
    if (!m) continue;
    const repomd = path.join(dir, name, 'repodata', 'repomd.xml');
    const mtime = await stat(repomd).then((s) => s.mtimeMs, () => -1);
    const repo = m[1] as string;
    if (mtime >= 0 && mtime > (best.get(repo)?.mtime ?? -1)) best.set(repo, { dir: path.join(dir, name), mtime });
  }
  return new Map([...best].map(([repo, v]) => [repo, v.dir]));
}

async function repoAdvisories(repo: string, folder: string | undefined, cachedir: string, names?: ReadonlySet<string>): Promise<RepoAdvisories> {
  if (!folder) return { repo, advisories: [], problem: `no metadata of repository ${repo} in dnf's cache ${cachedir}` };
  try {
    const repomdFile = path.join(folder, 'repodata', 'repomd.xml');
    const entry = parseRepomd(await readFile(repomdFile, 'utf8'), repomdFile).find((d) => d.type === 'updateinfo');
    if (!entry) return { repo, advisories: [], problem: `repository ${repo} publishes no advisories (no updateinfo in repomd.xml)` };
    const file = path.join(folder, 'repodata', path.basename(entry.href));
    const text = await decompress(file);
    return { repo, file, advisories: parseUpdateinfo(text, file, names) };
  } catch (e) {
    const why = e instanceof ParseError ? e.message : (e as Error).message;
    return { repo, advisories: [], problem: `advisories of repository ${repo} cannot be read: ${why}` };
  }
}

async function decompress(file: string): Promise<string> {
  if (file.endsWith('.gz')) return gunzipSync(await readFile(file)).toString('utf8');
  const ext = Object.keys(DECOMPRESSORS).find((e) => file.endsWith(e));
  if (!ext) return readFile(file, 'utf8');
  const [tool, args] = DECOMPRESSORS[ext] as [string, string[]];
  const r = await runCommand(tool, [...args, file]);
  if (r.exitCode !== 0) throw new Error(`${tool} could not decompress ${file}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}
