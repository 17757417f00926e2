// The cost per call that a script looping over a few packages feels (issue 13,
// point 8): `saferpm -Uvh` of 6 packages (a kernel in three subpackages,
// dracut, openssh-server, nodejs: the test fixtures, v1 installed, v2 given),
// every safety step on, versus plain `rpm -Uvh` of the same files into an
// identical root. Roots are copied before each run, outside the timing; the
// two commands alternate. Then where saferpm's time goes: Node start-up
// (`saferpm --version`), everything up to the plan (`--dry-run`), and every
// process saferpm starts (counted and timed in one extra run under strace -f,
// or, without strace, through a logging wrapper for rpm, which adds a shell per
// call and Debian's --help probe; either way reported apart from the medians).
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

// One extra run traced: with strace(1), every process saferpm starts (execve) and when it ended,
// nothing added to the run; without it, through a wrapper that logs each rpm process (which
// adds a shell per call, and Debian's `rpm --help` probe of --force-debian behind a wrapper).
const log = path.join(work, 'calls.log');
const calls = hasStrace() ? stracedCalls() : wrappedCalls();

function hasStrace() {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function stracedCalls() {
  timed('strace', (root) => ['-f', '-qq', '-tt', '-e', 'trace=execve,exit_group', '-o', log, process.execPath, cli, '-Uvh', '--root', root, '--running-kernel', running, '--', ...v2]);
  const at = (t) => t.split(':').reduce((s, x) => s * 60 + Number(x), 0) * 1000;
  const procs = new Map();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m = /^(\d+)\s+(\S+) (.*)$/.exec(line);
    if (!m) continue;
    const [, pid, t, rest] = m;
    if (rest.startsWith('execve(') && !rest.includes('= -1')) {
      const argv = [...rest.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]);
      const p = procs.get(pid) ?? { start: at(t) };
      p.args = p.args ?? argv.slice(1); // the first program run in this process (rpm -K execs rpmkeys)
      p.file = p.file ?? path.basename(argv[0] ?? '');
      procs.set(pid, p);
    } else if (rest.startsWith('exit_group') || rest.startsWith('+++ exited')) {
      const p = procs.get(pid);
      if (p && p.end === undefined) p.end = at(t);
    }
  }
  const [, ...children] = [...procs.values()]; // the first is saferpm (node) itself
  return children.map((p) => ({ ms: (p.end ?? p.start) - p.start, what: p.file === 'rpm' ? describe(p.args) : p.file }));
}

function wrappedCalls() {
  const wrapper = path.join(work, 'rpm-logged');
  writeFileSync(wrapper, `#!/bin/bash\ns=$(date +%s%N)\nrpm "$@"\nrc=$?\nall="$*"\necho "$(( ($(date +%s%N) - s) / 1000 )) \${all//$'\\n'/ }" >> '${log}'\nexit $rc\n`);
  chmodSync(wrapper, 0o755);
  timed(process.execPath, (root) => [cli, '-Uvh', '--root', root, '--running-kernel', running, '--', ...v2], { SAFERPM_RPM: wrapper });
  return readFileSync(log, 'utf8').trim().split('\n').map((l) => {
    const [us, ...args] = l.split(' ');
    return { ms: Number(us) / 1000, what: describe(args) };
  });
}
rmSync(work, { recursive: true, force: true });

function describe(args) {
  const a = args.join(' ');
  if (a.includes('--help')) return 'rpm --help (Debian probe, only behind a wrapper)';
  if (/ -f \//.test(` ${a} `)) return 'rpm -V -f (boot check: the new kernel image)';
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
console.log(`  where the time goes (medians; the processes from one ${hasStrace() ? 'strace -f' : 'logged'} run, each timed there):`);
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
console.log(`    ${String(calls.length).padStart(2)} processes in all                                ${inRpm.toFixed(0).padStart(6)} ms (plain rpm -Uvh: 1 process, ${tPlain.toFixed(0)} ms)`);
console.log('    (several run side by side, so the sum is more than their share of the wall time; the rest is node: start-up, /proc snapshots, fsyncs of the record and note, the boot check)');
