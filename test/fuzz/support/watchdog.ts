/**
 * The hang bound of the fuzz project. A parser stuck in a loop, or in a
 * regular expression that backtracks for hours, blocks the thread it runs on:
 * vitest's test timeout and fast-check's `timeout` are timers on that same
 * thread, so they fire only once the case has returned (measured: a test with
 * a 2 s timeout that spins 8 s fails after 8 s, not 2). The watchdog is a
 * worker thread. Before each case the test thread publishes a sequence number,
 * the bound and a label (the property, its seed and the case number, enough to
 * replay it); when one case runs past its bound, the watchdog prints the label
 * and kills the test process, which vitest reports as a failed run
 * ("Worker exited unexpectedly"). The bound is a hang detector, not a
 * performance assertion: it is minutes-generous (FUZZ_CASE_SECONDS).
 */
import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 4096;
/** [case sequence number, 1 while a case runs, bound in seconds] then the label, NUL-terminated. */
const shared = new SharedArrayBuffer(12 + LABEL_BYTES);
const state = new Int32Array(shared, 0, 3);
const label = new Uint8Array(shared, 12);
const encoder = new TextEncoder();

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData, 0, 3);
const label = new Uint8Array(workerData, 12);
let seen = -1;
let since = 0;
setInterval(() => {
  const seq = Atomics.load(state, 0);
  if (Atomics.load(state, 1) === 0) { seen = -1; return; }
  if (seq !== seen) { seen = seq; since = Date.now(); return; }
  const bound = Atomics.load(state, 2);
  if (Date.now() - since < bound * 1000) return;
  const end = label.indexOf(0);
  const text = Buffer.from(label.slice(0, end < 0 ? label.length : end)).toString('utf8');
  writeSync(2, '\\nfuzz watchdog: ' + text + '\\n  still running after ' + bound + ' s: a hang or a super-linear parser; killing the test process\\n');
  process.kill(process.pid, 'SIGKILL');
}, 200);
`;

let worker: Worker | undefined;

function ensureWatchdog(): void {
  if (worker) return;
  worker = new Worker(WATCHDOG, { eval: true, workerData: shared });
  worker.unref();
}

/** Run one case under the watchdog: `describe` says which case it is, for the report of a hang. */
export function guarded<T>(describe: () => string, seconds: number, run: () => T): T {
  ensureWatchdog();
  const { written } = encoder.encodeInto(describe(), label.subarray(0, LABEL_BYTES - 1));
  label[written] = 0;
  Atomics.store(state, 2, seconds);
  Atomics.add(state, 0, 1);
  Atomics.store(state, 1, 1);
  try {
    return run();
  } finally {
    Atomics.store(state, 1, 0);
  }
}
