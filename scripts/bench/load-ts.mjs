// Benchmarks measure saferpm's functions in-process: bundle a TypeScript
// module of src/ with esbuild into a temporary file and import it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function loadTs(relativeEntry) {
  process.env.SAFERPM_REPO = REPO;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-'));
  const outfile = path.join(dir, 'mod.mjs');
  await build({
    entryPoints: [path.join(REPO, relativeEntry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run fn `runs` times (after one warm-up), return the median wall time in ms. */
export async function timeMedian(fn, runs = 5) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** One line per measurement: name, ours, baseline, ratio, target. */
export function reportRatio(name, oursMs, baseMs, target, extra = '') {
  const ratio = oursMs / baseMs;
  const ok = ratio <= target ? 'meets' : 'MISSES';
  console.log(`${name}: saferpm ${oursMs.toFixed(1)} ms, baseline ${baseMs.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (target <= ${target}x: ${ok})${extra ? ', ' + extra : ''}`);
  return ratio;
}

/**
 * Medians of several functions measured in alternation (a, b, c, a, b, c, ...)
 * after one warm-up each, so that a machine that slows down or speeds up during
 * the run affects them alike. Returns the medians in ms, in the order given.
 */
export async function alternateMedians(fns, runs = 7) {
  for (const fn of fns) await fn();
  const times = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      times[k].push(performance.now() - t);
    }
  }
  return times.map(median);
}
