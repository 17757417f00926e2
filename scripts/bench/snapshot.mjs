// Snapshot cost: saferpm's in-process /proc reading against spawning `ps -ef`
// and `netstat -an` once each (issue 5: "a snapshot must cost less").
// Creates a few hundred processes and listening sockets on loopback first
// (bounded: the sleeps end by themselves after 5 minutes; all are killed by
// pid on exit, even after an error). Usage: node scripts/bench/snapshot.mjs [N]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadTs, median, reportRatio, timeMedian } from './load-ts.mjs';

const N = Number(process.argv[2] ?? 300);
const RUNS = 9;
const sleepers = [];
const servers = [];
const emptyRoot = mkdtempSync(path.join(os.tmpdir(), 'saferpm-bench-root-'));

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of sleepers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of servers) s.close();
  rmSync(emptyRoot, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function load() {
  for (let i = 0; i < N; i++) sleepers.push(spawn('sleep', ['300'], { stdio: 'ignore' }));
  for (let i = 0; i < N; i++) {
    const s = net.createServer();
    await new Promise((ok, fail) => s.once('error', fail).listen(0, '127.0.0.1', ok));
    servers.push(s);
  }
  for (let i = 0; i < N / 3; i++) {
    const u = dgram.createSocket(i % 2 ? 'udp4' : 'udp6');
    await new Promise((ok) => u.bind(0, i % 2 ? '127.0.0.1' : '::1', ok));
    servers.push(u);
  }
}

/**
 * Medians of a and b measured alternately (a, b, b, a, ...), so that the
 * other work on a shared machine weighs on both alike.
 */
async function interleaved(a, b, runs) {
  await a();
  await b();
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, into] of i % 2 ? [[b, tb], [a, ta]] : [[a, ta], [b, tb]]) {
      const t = performance.now();
      await fn();
      into.push(performance.now() - t);
    }
  }
  return [median(ta), median(tb)];
}

/** netstat comes with net-tools; where it is missing, ss (iproute2) does the same job. */
function baselineTools() {
  const have = (tool) => { try { execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); return true; } catch { return false; } };
  return have('netstat') ? ['netstat', ['-an']] : ['ss', ['-an']];
}

async function compare(takeSnapshot, label) {
  const [netTool, netArgs] = baselineTools();
  const snapshot = () => takeSnapshot({ root: emptyRoot, excludePids: [] });
  const spawnBoth = () => {
    execFileSync('ps', ['-ef'], { maxBuffer: 1 << 26 });
    execFileSync(netTool, netArgs, { maxBuffer: 1 << 26 });
  };
  const probe = await snapshot();
  const [ours, base] = await interleaved(snapshot, spawnBoth, RUNS);
  reportRatio(`snapshot ${label} (${probe.processes.length} processes, ${probe.sockets.length} listening sockets)`, ours, base, 1.0,
    `baseline ps -ef + ${netTool} ${netArgs.join(' ')}, medians of ${RUNS} alternating runs, JSON ${(JSON.stringify(probe).length / 1024).toFixed(0)} KiB`);
  return probe;
}

try {
  const { takeSnapshot } = await loadTs('src/snapshot/take.ts');
  await compare(takeSnapshot, 'of the machine as found');
  await load();
  const probe = await compare(takeSnapshot, `with ${N} more processes and ${N + Math.floor(N / 3)} more sockets`);
  const mine = probe.sockets.filter((k) => k.pids.includes(process.pid)).length;
  if (probe.processes.length < N || mine < N) throw new Error(`load not visible: ${probe.processes.length} processes, ${mine} of our sockets`);
  const full = await timeMedian(() => takeSnapshot({ root: '/', excludePids: [] }), 5);
  const services = await takeSnapshot({ root: '/', excludePids: [] });
  console.log(`snapshot with services of / (${services.services.source}, ${services.services.units.length} units): ${full.toFixed(1)} ms, median of 5 (systemctl runs while /proc is read)`);
  console.log(`peak memory (max RSS of this process, with esbuild's bundle and the load): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} catch (e) {
  console.error(`snapshot benchmark failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  cleanup();
}
