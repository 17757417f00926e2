// Bundle saferpm with esbuild: one entry file plus lazily loaded chunks, so
// that 'saferpm --version' loads almost nothing (BENCHMARKS.md: start-up).
//
// Builds go to .builds/<hash of the sources>/ and dist is a symlink swapped
// atomically (rename over it), so a test run never sees half a build when
// another build runs at the same time.
import { build } from 'esbuild';
import { commonOptions } from './esbuild-options.mjs';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));

function sourceHash() {
  const h = createHash('sha256').update(pkg.version);
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  walk(path.join(repo, 'src'));
  h.update(readFileSync(path.join(repo, 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

const builds = path.join(repo, '.builds');
const hash = sourceHash();
const target = path.join(builds, hash);
if (!existsSync(path.join(target, 'saferpm.mjs'))) {
  const staging = `${target}.tmp-${process.pid}`;
  await build({
    entryPoints: { saferpm: path.join(repo, 'src/cli/entry.ts') },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    ...commonOptions(),
    splitting: true,
    sourcemap: 'linked',
  });
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // a concurrent build of the same sources won
  }
}
const dist = path.join(repo, 'dist');
if (existsSync(dist) && !lstatSync(dist).isSymbolicLink()) rmSync(dist, { recursive: true, force: true });
const link = `${dist}.tmp-${process.pid}`;
rmSync(link, { force: true });
symlinkSync(path.relative(repo, target), link);
renameSync(link, dist);
// Keep the last few builds (a running test may still use one), drop older ones.
mkdirSync(builds, { recursive: true });
const old = readdirSync(builds).filter((n) => !n.includes('.tmp-') && n !== hash)
  .map((n) => ({ n, t: statSync(path.join(builds, n)).mtimeMs })).sort((a, b) => b.t - a.t).slice(4);
for (const { n } of old) rmSync(path.join(builds, n), { recursive: true, force: true });
