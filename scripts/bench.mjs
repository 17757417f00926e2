// Every benchmark, one after the other; each prints its ratio against a
// baseline measured in the same run. `node scripts/bench.mjs startup metadata`
// runs only those named. Figures and the machine are recorded in BENCHMARKS.md.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { REPO } from './bench/load-ts.mjs';

const ORDER = ['startup', 'metadata', 'snapshot', 'boot-info', 'parsers', 'install'];
const available = readdirSync(path.join(REPO, 'scripts/bench')).filter((f) => f.endsWith('.mjs') && !['load-ts.mjs', 'gen-packages.mjs'].includes(f)).map((f) => f.replace(/\.mjs$/, ''));
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : [...ORDER.filter((n) => available.includes(n)), ...available.filter((n) => !ORDER.includes(n))];
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`);
let failed = 0;
for (const name of wanted) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/bench', `${name}.mjs`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
