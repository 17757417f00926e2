/**
 * Building test packages with the real rpmbuild. Results are cached under
 * .cache/ by a hash of the spec and its defines, so a package is built once
 * for all test files and runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { CACHE, RPM_HOME, SPECS } from './paths.js';
import { KERNEL_SPECS, RELEASES, USERLAND_SPECS, type ReleaseName } from './fixture-matrix.js';

export function ensureRpmHome(): string {
  mkdirSync(RPM_HOME, { recursive: true });
  const macros = path.join(RPM_HOME, '.rpmmacros');
  const want = '%_dbpath /var/lib/rpm\n';
  if (!existsSync(macros) || readFileSync(macros, 'utf8') !== want) writeFileSync(macros, want);
  return RPM_HOME;
}

/**
 * Build one spec with the given macro definitions; returns the paths of the
 * binary packages it made (cached by content).
 */
export async function buildSpec(specPath: string, defines: Record<string, string> = {}): Promise<string[]> {
  const spec = readFileSync(specPath);
  const key = createHash('sha256').update(spec).update(JSON.stringify(Object.entries(defines).sort())).digest('hex').slice(0, 16);
  const out = path.join(CACHE, 'rpms', `${path.basename(specPath, '.spec')}-${key}`);
  if (existsSync(path.join(out, '.done'))) return listRpms(out);
  const top = `${out}.build-${process.pid}`;
  rmSync(top, { recursive: true, force: true });
  const args = ['-bb', '--quiet', '--define', `_topdir ${top}`];
  for (const [k, v] of Object.entries(defines)) args.push('--define', `${k} ${v}`);
  args.push(specPath);
  const r = await execa('rpmbuild', args, { reject: false, env: { HOME: ensureRpmHome(), LC_ALL: 'C' }, extendEnv: true });
  if (r.exitCode !== 0) throw new Error(`rpmbuild ${specPath} failed:\n${r.stderr}`);
  const rpms = path.join(top, 'RPMS');
  mkdirSync(path.dirname(out), { recursive: true });
  const staged = `${out}.stage-${process.pid}`;
  mkdirSync(staged, { recursive: true });
  for (const arch of readdirSync(rpms)) {
    for (const f of readdirSync(path.join(rpms, arch))) renameSync(path.join(rpms, arch, f), path.join(staged, f));
  }
  writeFileSync(path.join(staged, '.done'), '');
  rmSync(top, { recursive: true, force: true });
  try {
    renameSync(staged, out);
  } catch {
    rmSync(staged, { recursive: true, force: true }); // another worker won the race
  }
  return listRpms(out);
}

function listRpms(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.rpm')).sort().map((f) => path.join(dir, f));
}

/** The standard matrix: every spec at one release. */
export async function buildRelease(r: ReleaseName): Promise<{ kernel: string[]; userland: string[]; all: string[] }> {
  const rel = RELEASES[r];
  const kernel = (await Promise.all(KERNEL_SPECS.map((s) => buildSpec(path.join(SPECS, `${s}.spec`), { kver: rel.kver, krel: rel.krel })))).flat();
  const userland = (await Promise.all(USERLAND_SPECS.map((s) => buildSpec(path.join(SPECS, `${s}.spec`), { uver: rel.uver })))).flat();
  return { kernel, userland, all: [...userland, ...kernel] };
}

/** The same package at releases v1 and v2 (e.g. 'openssh-server-'), for upgrade tests. */
export async function releasePair(prefix: string, kind: 'userland' | 'kernel' = 'userland'): Promise<{ v1: string; v2: string }> {
  const find = async (r: ReleaseName): Promise<string> => {
    const file = (await buildRelease(r))[kind].find((f) => path.basename(f).startsWith(prefix));
    if (!file) throw new Error(`release ${r} has no ${prefix}* package`);
    return file;
  };
  return { v1: await find('v1'), v2: await find('v2') };
}
