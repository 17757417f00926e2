// The esbuild options every saferpm bundle shares (scripts/build.mjs: the
// split build in dist/; scripts/bundle-single.mjs: one file for the RPM).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function commonOptions() {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  return {
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    define: { __SAFERPM_VERSION__: JSON.stringify(pkg.version) },
    // CommonJS dependencies call require(); an ESM file has none of its own.
    banner: { js: "import { createRequire as __saferpmCreateRequire } from 'node:module'; const require = __saferpmCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}
