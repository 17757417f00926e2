// Reading the metadata of 2,000 packages: saferpm's header reader (one rpm
// process with saferpm's query format, parsed into the package model) versus
// the baseline `rpm -qp --qf '%{NAME}...'` over the same files in one process.
// Also shown: rpm's --xml dump alone, the alternative the format replaced.
import { execFileSync } from 'node:child_process';
import { generatePackages, rpmHome } from './gen-packages.mjs';
import { loadTs, median, reportRatio, timeMedian } from './load-ts.mjs';

const N = Number(process.env.BENCH_PACKAGES ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
process.env.HOME = rpmHome();
const files = generatePackages({ count: N });
const { readPackageFiles } = await loadTs('scripts/bench/entry-metadata.ts');
const rpm = { binary: 'rpm', globalArgs: [] };
const env = { ...process.env, LC_ALL: 'C' };

const base = await timeMedian(() => execFileSync('rpm', ['-qp', '--qf', '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n', '--', ...files], { env, maxBuffer: 1 << 30 }), RUNS);
let count = 0;
const ours = await timeMedian(async () => {
  count = (await readPackageFiles(rpm, files)).packages.length;
}, RUNS);
if (count !== files.length) throw new Error(`read ${count} of ${files.length} packages`);
const xml = await timeMedian(() => execFileSync('rpm', ['-qp', '--xml', '--', ...files], { env, maxBuffer: 1 << 30 }), Math.min(RUNS, 3));
const rss = process.resourceUsage().maxRSS / 1024;
reportRatio(`metadata of ${N} packages`, ours, base, 1.0, `peak RSS ${rss.toFixed(0)} MB (target < 300 MB)`);
console.log(`  for comparison: rpm -qp --xml alone takes ${xml.toFixed(1)} ms (${(xml / base).toFixed(2)}x the baseline) before any parsing`);
export { median };
