// Bundle saferpm with esbuild: one entry file plus lazily loaded chunks in dist/,
// so that 'saferpm --version' loads almost nothing (BENCHMARKS.md: start-up).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { saferpm: 'src/cli/entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  define: { __SAFERPM_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __saferpmCreateRequire } from 'node:module'; const require = __saferpmCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
