// The cost per call that a script looping over a few packages feels (issue 13,
// point 8): `saferpm -Uvh` of 6 packages (a kernel in three subpackages,
// dracut, openssh-server, nodejs: the test fixtures, v1 installed, v2 given),
// every safety step on, versus plain `rpm -Uvh` of the same files into an
// identical root. Roots are copied before each run, outside the timing; the
// two commands alternate. Then where saferpm's time goes: Node start-up
// (`saferpm --version`), everything up to the plan (`--dry-run`), and every rpm
// process saferpm starts (counted and timed through a logging wrapper in one
// extra run, which adds a shell per call and so is reported apart).
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTs, median, REPO, reportRatio } from './load-ts.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET = 3;
const { buildRelease, buildSpec, ensureRpmHome } = await loadTs('test/helpers/build-rpms.ts');
const home = ensureRpmHome();
const env = { ...process.env, HOME: home, LC_ALL: 'C' };
// BENCH_CLI: another build of saferpm (e.g. an older commit's dist/saferpm.mjs) to compare.
const cli = process.env.BENCH_CLI ?? path.join(REPO, 'dist/saferpm.mjs');
const spec = (name) => path.join(REPO, 'fixtures/specs', `${name}.spec`);
const v1 = [...(await buildRelease('v1')).all, ...(await buildSpec(spec('nodejs'), { nodever: '20.11.1' }))];
const v2 = [...(await buildRelease('v2')).all, ...(await buildSpec(spec('nodejs'), { nodever: '20.12.0' }))];
const running = `6.1.10-1.${process.arch === 'x64' ? 'x86_64' : process.arch}`;

const work = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-small-'));
const base = path.join(work, 'base');
mkdirSync(path.join(base, 'etc'), { recursive: true });
mkdirSync(path.join(base, 'boot'), { recursive: true });
writeFileSync(path.join(base, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
execFileSync('rpm', ['--root', base, '-i', '--', ...v1], { env, stdio: ['ignore', 'ignore', 'ignore'] });

let n = 0;
function freshRoot() {
  const root = path.join(work, `root-${n++}`);
  cpSync(base, root, { recursive: true });
  return root;
}

/** Wall time of one command on a fresh copy of the v1 root (the copy is not timed). */
function timed(file, args, extraEnv = {}) {
  const root = freshRoot();
  try {
    const t = performance.now();
    execFileSync(file, args(root), { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    return performance.now() - t;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const plain = () => timed('rpm', (root) => ['--root', root, '-Uvh', '--', ...v2]);
const ours = () => timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', running, '--', ...v2]);
const dry = () => timed(process.execPath, (root) => [cli, '-Uvh', '--dry-run', '--root', root, '--running-kernel', running, '--', ...v2]);
const start = () => timed(process.execPath, () => [cli, '--version']);

// BENCH_CLI_BEFORE: an older build measured in the same alternation, for a before/after figure.
const before = process.env.BENCH_CLI_BEFORE;
const older = () => timed(process.execPath, (root) => [before, '-Uvh', '--root', root, '--running-kernel', running, '--', ...v2]);

const fns = [plain, ours, dry, start, ...(before ? [older] : [])];
for (const fn of fns) fn(); // warm-up: page cache, rpm's database code
const times = fns.map(() => []);
for (let i = 0; i < RUNS; i++) for (const [k, fn] of fns.entries()) times[k].push(fn());
const [tPlain, tOurs, tDry, tStart, tBefore] = times.map(median);

// One extra run through a wrapper that logs each rpm process saferpm starts and how long it took.
const log = path.join(work, 'rpm-calls.log');
const wrapper = path.join(work, 'rpm-logged');
writeFileSync(wrapper, `#!/bin/bash\ns=$(date +%s%N)\nrpm "$@"\nrc=$?\nall="$*"\necho "$(( ($(date +%s%N) - s) / 1000 )) \${all//$'\\n'/ }" >> '${log}'\nexit $rc\n`);
chmodSync(wrapper, 0o755);
timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', running, '--', ...v2], { SAFERPM_RPM: wrapper });
const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => {
  const [us, ...args] = l.split(' ');
  return { ms: Number(us) / 1000, what: describe(args) };
});
rmSync(work, { recursive: true, force: true });

function describe(args) {
  const a = args.join(' ');
  if (a.includes('--help')) return 'rpm --help (Debian probe, only behind a wrapper)';
  if (/ -K /.test(` ${a} `)) return 'rpm -K (digests of the kernel step)';
  if (/ --test /.test(` ${a} `)) return 'rpm --test (preflight)';
  if (/(^| )-V /.test(a)) return 'rpm -V (integrity)';
  if (/(^| )-qp /.test(a)) return 'rpm -qp (headers of the files)';
  if (/ -q /.test(` ${a} `)) return 'rpm -q (installed: versions, files, config)';
  if (/ -[UiF]vh /.test(` ${a} `)) return 'rpm -U/-i (the transactions)';
  return 'other';
}

reportRatio(`saferpm -Uvh of ${v2.length} packages (a kernel in 3 subpackages + 3 userland), every safety step`, tOurs, tPlain, TARGET, `median of ${RUNS}`);
if (before) reportRatio(`  the same with ${before}`, tBefore, tPlain, TARGET);
console.log('  where the time goes (medians; the rpm processes from one logged run):');
console.log(`    node start-up (saferpm --version)          ${tStart.toFixed(0).padStart(6)} ms`);
console.log(`    up to the plan (--dry-run: headers, installed, plan) ${tDry.toFixed(0).padStart(6)} ms (start-up included)`);
const groups = new Map();
for (const c of calls) {
  const g = groups.get(c.what) ?? { count: 0, ms: 0 };
  g.count++;
  g.ms += c.ms;
  groups.set(c.what, g);
}
for (const [what, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`    ${String(g.count).padStart(2)} x ${what.padEnd(46)} ${g.ms.toFixed(0).padStart(6)} ms`);
}
const inRpm = calls.reduce((s, c) => s + c.ms, 0);
console.log(`    ${String(calls.length).padStart(2)} rpm processes in all                            ${inRpm.toFixed(0).padStart(6)} ms (plain rpm -Uvh: 1 process, ${tPlain.toFixed(0)} ms)`);
console.log(`    the rest (node, snapshots, fsyncs of the record and note, boot check): about ${Math.max(0, tOurs - inRpm).toFixed(0)} ms`);
