// `saferpm -Uvh --dry-run` of 2,000 packages (the CLI: node start-up, the header
// read, the installed versions, the classification and the printed plan) versus
// `rpm -U --test` of the same files, on a root holding version 1.0 of every
// package (an upgrade to 2.0). Both only read the root. Median of BENCH_RUNS
// alternating runs. BENCH_BEFORE_CLI=/other/checkout/dist/saferpm.mjs also times
// another build (e.g. the commit before a change) in the same alternation.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePackages, rpmHome } from './gen-packages.mjs';
import { REPO, alternateMedians, reportRatio } from './load-ts.mjs';

const N = Number(process.env.BENCH_PACKAGES ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const env = { ...process.env, HOME: rpmHome(), LC_ALL: 'C' };
// BENCH_FILES: files per package (3 by default; real packages often hold dozens, which is where
// reading headers without file lists pays most).
const FILES = Number(process.env.BENCH_FILES ?? 3);
const v1 = generatePackages({ count: N, version: '1.0', files: FILES });
const v2 = generatePackages({ count: N, version: '2.0', files: FILES });
const cli = path.join(REPO, 'dist/saferpm.mjs');

const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-dry-'));
try {
  mkdirSync(path.join(root, 'etc'));
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  execFileSync('rpm', ['--root', root, '-i', '--justdb', '--nodeps', '--', ...v1], { env, stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  const run = (cmd, args) => () => execFileSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const dryRun = (program) => run(process.execPath, [program, '-Uvh', '--dry-run', '--root', root, '--running-kernel', '6.1.10-1.x86_64', '--', ...v2]);
  const before = process.env.BENCH_BEFORE_CLI;
  const [ours, test, previous] = await alternateMedians([
    dryRun(cli),
    run('rpm', ['--root', root, '-U', '--test', '--', ...v2]),
    ...(before ? [dryRun(before)] : []),
  ], RUNS);
  reportRatio(`saferpm -Uvh --dry-run of ${N} packages (${FILES} files each) vs rpm -U --test`, ours, test, 1.2, 'an upgrade of every package on a root holding version 1.0');
  if (before) reportRatio(`  the same with ${before}`, previous, test, 1.2);
} finally {
  rmSync(root, { recursive: true, force: true });
}
