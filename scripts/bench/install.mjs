// A full `saferpm -Uvh` of 200 packages (about 256 KB of payload each) into a
// fresh temporary root, every safety step on, versus plain `rpm -Uvh` of the
// same files into another fresh root. Median of BENCH_RUNS runs each.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePackages, rpmHome } from './gen-packages.mjs';
import { REPO, reportRatio, median } from './load-ts.mjs';

const N = Number(process.env.BENCH_INSTALL_PACKAGES ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const home = rpmHome();
const files = generatePackages({ count: N, payloadKiB: 256, files: 2 });
const env = { ...process.env, HOME: home, LC_ALL: 'C' };
const cli = path.join(REPO, 'dist/saferpm.mjs');

function freshRoot() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-root-'));
  mkdirSync(path.join(root, 'etc'));
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  return root;
}

function timed(cmd, args) {
  const root = freshRoot();
  try {
    const t = performance.now();
    execFileSync(cmd, [...args(root)], { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
    return performance.now() - t;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const rpmTimes = [];
const ourTimes = [];
timed('rpm', (root) => ['--root', root, '-Uvh', '--', ...files]); // warm the page cache
for (let i = 0; i < RUNS; i++) {
  rpmTimes.push(timed('rpm', (root) => ['--root', root, '-Uvh', '--', ...files]));
  ourTimes.push(timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', '6.1.10-1.x86_64', '--', ...files]));
}
reportRatio(`saferpm -Uvh of ${N} packages (~256 KiB payload each)`, median(ourTimes), median(rpmTimes), 1.3);
