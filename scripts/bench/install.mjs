// A full `saferpm -Uvh` of 200 packages (about 256 KB of payload each) into a
// fresh temporary root, every safety step on, versus plain `rpm -Uvh` of the
// same files into another fresh root. Median of BENCH_RUNS runs each.
import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync, copyFileSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePackages, rpmHome } from './gen-packages.mjs';
import { REPO, alternateMedians, reportRatio } from './load-ts.mjs';

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

// alternating, after a warm-up of each (the page cache holds the packages for both)
const [ours, plain] = await alternateMedians([
  () => timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', '6.1.10-1.x86_64', '--', ...files]),
  () => timed('rpm', (root) => ['--root', root, '-Uvh', '--', ...files]),
], RUNS);
reportRatio(`saferpm -Uvh of ${N} packages (~256 KiB payload each)`, ours, plain, 1.3, 'every safety step on (preflight, snapshots, record, rpm -V, log, summary)');

// BENCH_INSTALL_COPY=1 (as root): the same packages in a folder another user
// (uid 65534) owns, so saferpm copies each into its private folder before
// reading it (issue 16, attack 7); against saferpm on the root-owned folder.
if (process.env.BENCH_INSTALL_COPY === '1') {
  const top = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-theirs-'));
  chmodSync(top, 0o755);
  const theirs = files.map((f) => {
    const to = path.join(top, path.basename(f));
    copyFileSync(f, to);
    chownSync(to, 65534, 65534);
    return to;
  });
  chownSync(top, 65534, 65534);
  try {
    const [copied, inPlace] = await alternateMedians([
      () => timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', '6.1.10-1.x86_64', '--', ...theirs]),
      () => timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', '6.1.10-1.x86_64', '--', ...files]),
    ], RUNS);
    reportRatio(`saferpm -Uvh of ${N} packages from another user's folder (each copied first)`, copied, inPlace, 1.1, 'baseline: the same from a root-owned folder (used in place)');
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
}
