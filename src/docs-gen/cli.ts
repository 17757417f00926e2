/**
 * Entry of the documents generator, bundled and run by scripts/package.mjs:
 *   node docs-gen.mjs OUT-DIR
 * writes the man page, completions and default plan (generate.ts).
 */
import { consoleOutput } from '../output/output.js';
import { reportError } from '../cli/main.js';
import { VERSION } from '../version.js';
import { docDate, generateDocs } from './generate.js';

const out = consoleOutput();
const dir = process.argv[2];
if (!dir) {
  out.error('usage: docs-gen OUT-DIR');
  process.exitCode = 64;
} else {
  try {
    for (const f of await generateDocs(dir, { version: VERSION, date: docDate() })) out.out(f);
  } catch (e) {
    process.exitCode = reportError(e, out);
  }
}
