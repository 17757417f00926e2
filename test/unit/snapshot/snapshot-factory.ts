/** Small hand-made snapshots for the pure diff and render tests. */
import type { ListeningSocket, ProcessInfo, ServiceState, ServicesSnapshot, Snapshot } from '../../../src/snapshot/model.js';

export function proc(pid: number, argv: string[], extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid,
    ppid: 1,
    uid: 0,
    user: 'root',
    comm: (argv[0] ?? 'x').split('/').pop()!.slice(0, 15),
    argv,
    exe: argv[0],
    state: 'S',
    ttyNr: 0,
    startTicks: 1000 + pid,
    cpuTicks: 0,
    ...extra,
  };
}

export function sock(proto: ListeningSocket['proto'], address: string, port: number, pids: number[], inode = port): ListeningSocket {
  return { proto, address, port, inode, uid: 0, pids };
}

export function services(units: ServiceState[], over: Partial<ServicesSnapshot> = {}): ServicesSnapshot {
  return { source: 'systemctl', enabledKnown: true, runningKnown: true, units, notes: [], ...over };
}

export function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    schema: 'saferpm.snapshot/1',
    takenAt: '2026-01-10T10:00:00.000Z',
    host: 'web1',
    root: '/',
    bootId: 'boot-1',
    bootTime: Date.parse('2026-01-10T08:00:00.000Z') / 1000,
    clockTicks: 100,
    excludedPids: [],
    processes: [],
    sockets: [],
    services: services([]),
    notes: [],
    durationMs: 1,
    ...over,
  };
}
