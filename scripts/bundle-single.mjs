// The single-file saferpm for the RPM: src/cli/entry.ts and every npm
// dependency in one ESM file, no code splitting, no node_modules on the
// server (Fedora's Node.js guidelines: applications bundle the modules they
// need). The lazily loaded commands of the dev build (build.mjs) are inlined.
// Also bundles the documents generator (src/docs-gen/cli.ts), which
// scripts/package.mjs runs to write the man page and completions.
//
//   node scripts/bundle-single.mjs OUT-DIR   writes OUT-DIR/saferpm.mjs and OUT-DIR/docs-gen.mjs
import { build } from 'esbuild';
import { commonOptions } from './esbuild-options.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleSingle(outDir) {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  mkdirSync(outDir, { recursive: true });
  const common = { ...commonOptions(), splitting: false, legalComments: 'eof' };
  const program = path.join(outDir, 'saferpm.mjs');
  const docsGen = path.join(outDir, 'docs-gen.mjs');
  await build({ ...common, entryPoints: [path.join(repo, 'src/cli/entry.ts')], outfile: program });
  await build({ ...common, entryPoints: [path.join(repo, 'src/docs-gen/cli.ts')], outfile: docsGen });
  return { program, docsGen, version: pkg.version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: node scripts/bundle-single.mjs OUT-DIR\n');
    process.exit(64);
  }
  const r = await bundleSingle(path.resolve(out));
  process.stdout.write(`${r.program}\n`);
}
