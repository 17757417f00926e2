/**
 * Taking a snapshot: processes and listening sockets from the live /proc,
 * services from the root. systemctl (when used) is started first and runs
 * while /proc is read, so the snapshot costs about the larger of the two.
 */
import os from 'node:os';
import { SNAPSHOT_SCHEMA, type Snapshot } from './model.js';
import { liveUserNames } from './passwd.js';
import { parseBootTime } from './parse-proc-pid.js';
import { readProcText } from './proc-files.js';
import { scanProcesses } from './proc-processes.js';
import { scanListeningSockets } from './proc-sockets.js';
import { planServices, readServices } from './services.js';

/**
 * USER_HZ, the unit of the start times in /proc/PID/stat: 100 on every
 * architecture RHEL and Fedora ship (include/asm-generic/param.h); node
 * cannot call sysconf(_SC_CLK_TCK).
 */
export const CLOCK_TICKS = 100;

export interface TakeSnapshotOptions {
  /** Where services are read from; '/' is the running system. */
  root: string;
  /** Left out with all their descendants; default [process.pid] (saferpm and what it runs). */
  excludePids?: number[];
  /** For tests only: another proc mount. */
  procDir?: string;
}

export async function takeSnapshot(opts: TakeSnapshotOptions): Promise<Snapshot> {
  const started = performance.now();
  const procDir = opts.procDir ?? '/proc';
  const excludePids = opts.excludePids ?? [process.pid];
  const services = readServices(opts.root, await planServices(opts.root));
  services.catch(() => undefined); // awaited below; this only keeps a failure from being reported twice
  const takenAt = new Date().toISOString();
  const scan = scanProcesses({ procDir, excludePids, users: liveUserNames() });
  const net = scanListeningSockets({ procDir, ownerPids: scan.processes.map((p) => p.pid) });
  const notes = [...net.notes];
  if (process.geteuid?.() !== 0 && (scan.exeUnreadable > 0 || net.sockets.some((s) => s.pids.length === 0))) {
    notes.push('not run as root: the executables and sockets of other users\' processes are unknown');
  }
  const snapshot: Snapshot = {
    schema: SNAPSHOT_SCHEMA,
    takenAt,
    host: os.hostname(),
    root: opts.root,
    bootTime: parseBootTime(readProcText(`${procDir}/stat`) ?? '', `${procDir}/stat`),
    clockTicks: CLOCK_TICKS,
    excludedPids: excludePids,
    processes: scan.processes,
    sockets: net.sockets,
    services: await services,
    notes,
    durationMs: 0,
  };
  const bootId = readProcText(`${procDir}/sys/kernel/random/boot_id`)?.trim();
  if (bootId) snapshot.bootId = bootId;
  snapshot.durationMs = Math.round((performance.now() - started) * 10) / 10;
  return snapshot;
}
