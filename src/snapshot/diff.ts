/**
 * Comparing two snapshots (pure). Listening sockets and services are the
 * signal; process changes are filtered (diff-processes.ts says how).
 */
import type { ListeningSocket, ServiceState, Snapshot } from './model.js';
import { isAllAddresses } from './net-address.js';
import { diffProcesses, identity, processRef } from './diff-processes.js';
import { SNAPSHOT_DIFF_SCHEMA, type OwnerOf, type PortChange, type PortOwnerChange, type ServiceChange, type SnapshotDiff } from './diff-model.js';

export interface DiffOptions {
  /** Which package of this run owns a path (executable or unit file); from the run's package list. */
  ownerOf?: OwnerOf;
}

export function diffSnapshots(before: Snapshot, after: Snapshot, opts: DiffOptions = {}): SnapshotDiff {
  return {
    schema: SNAPSHOT_DIFF_SCHEMA,
    before: { takenAt: before.takenAt, host: before.host, root: before.root },
    after: { takenAt: after.takenAt, host: after.host, root: after.root },
    ports: diffPorts(before, after, opts.ownerOf),
    services: diffServices(before, after, opts.ownerOf),
    processes: diffProcesses(before, after, opts.ownerOf),
    notes: diffNotes(before, after),
  };
}

/** One entry per proto/address/port: SO_REUSEPORT groups are one port to an admin. */
function portMap(s: Snapshot): Map<string, ListeningSocket[]> {
  const m = new Map<string, ListeningSocket[]>();
  for (const k of s.sockets) {
    const key = `${k.proto} ${k.address} ${k.port}`;
    const list = m.get(key);
    if (list) list.push(k);
    else m.set(key, [k]);
  }
  return m;
}

function portChange(socks: ListeningSocket[], snap: Snapshot, ownerOf?: OwnerOf): PortChange {
  const first = socks[0] as ListeningSocket;
  const pids = new Set(socks.flatMap((k) => k.pids));
  const processes = snap.processes.filter((p) => pids.has(p.pid)).map((p) => processRef(p, ownerOf));
  const change: PortChange = { proto: first.proto, address: first.address, port: first.port, allAddresses: isAllAddresses(first.address), processes };
  const pkg = processes.find((p) => p.package)?.package;
  if (pkg) change.package = pkg;
  return change;
}

function diffPorts(before: Snapshot, after: Snapshot, ownerOf?: OwnerOf): SnapshotDiff['ports'] {
  const was = portMap(before);
  const now = portMap(after);
  const opened: PortChange[] = [];
  const closed: PortChange[] = [];
  const ownerChanged: PortOwnerChange[] = [];
  for (const [key, socks] of now) {
    const old = was.get(key);
    if (!old) opened.push(portChange(socks, after, ownerOf));
    else if (holders(old, before) !== holders(socks, after) && holders(old, before) !== '' && holders(socks, after) !== '') {
      ownerChanged.push({ ...portChange(socks, after, ownerOf), before: portChange(old, before, ownerOf).processes });
    }
  }
  for (const [key, socks] of was) if (!now.has(key)) closed.push(portChange(socks, before, ownerOf));
  return { opened, closed, ownerChanged };
}

/** The commands holding a port, by what they run (a restart under a new pid is no owner change). */
function holders(socks: ListeningSocket[], snap: Snapshot): string {
  const pids = new Set(socks.flatMap((k) => k.pids));
  return [...new Set(snap.processes.filter((p) => pids.has(p.pid)).map(identity))].sort().join('\n');
}

/** Unit file states that start the unit at boot (systemctl(1), is-enabled). */
const STARTS_AT_BOOT = new Set(['enabled', 'enabled-runtime']);

function diffServices(before: Snapshot, after: Snapshot, ownerOf?: OwnerOf): SnapshotDiff['services'] {
  const out: SnapshotDiff['services'] = { enabled: [], disabled: [], otherStates: [], started: [], stopped: [] };
  const was = new Map(before.services.units.map((u) => [u.name, u]));
  const now = new Map(after.services.units.map((u) => [u.name, u]));
  const sameSource = before.services.source === after.services.source;
  const compareEnabled = sameSource && before.services.enabledKnown && after.services.enabledKnown;
  const compareRunning = sameSource && before.services.runningKnown && after.services.runningKnown;
  for (const name of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const b = was.get(name);
    const a = now.get(name);
    if (compareEnabled && b?.enabled !== a?.enabled) {
      const c = serviceChange(name, b?.enabled, a?.enabled, a ?? b, ownerOf);
      if (STARTS_AT_BOOT.has(a?.enabled ?? '') && !STARTS_AT_BOOT.has(b?.enabled ?? '')) out.enabled.push(c);
      else if (STARTS_AT_BOOT.has(b?.enabled ?? '') && !STARTS_AT_BOOT.has(a?.enabled ?? '')) out.disabled.push(c);
      else out.otherStates.push(c);
    }
    if (compareRunning && (b?.active === 'active') !== (a?.active === 'active')) {
      const c = serviceChange(name, b?.active, a?.active, a ?? b, ownerOf);
      (a?.active === 'active' ? out.started : out.stopped).push(c);
    }
  }
  return out;
}

function serviceChange(name: string, before: string | undefined, after: string | undefined, unit: ServiceState | undefined, ownerOf?: OwnerOf): ServiceChange {
  const c: ServiceChange = { name };
  if (before !== undefined) c.before = before;
  if (after !== undefined) c.after = after;
  if (unit?.file) {
    c.file = unit.file;
    const pkg = ownerOf?.(unit.file);
    if (pkg) c.package = pkg;
  }
  return c;
}

function diffNotes(before: Snapshot, after: Snapshot): string[] {
  const notes: string[] = [];
  if (before.host !== after.host) notes.push(`the snapshots are of different hosts (${before.host}, ${after.host})`);
  if (before.bootId && after.bootId && before.bootId !== after.bootId) {
    notes.push('the machine rebooted between the snapshots: every daemon shows as restarted');
  }
  if (before.services.source !== after.services.source) {
    notes.push(`services were read differently (${before.services.source}, then ${after.services.source}): their changes are not compared`);
  }
  const svc = [before.services, after.services];
  if (svc.some((s) => !s.enabledKnown)) notes.push('enabled services unknown in a snapshot: not compared');
  if (svc.some((s) => !s.runningKnown)) notes.push('running services unknown in a snapshot: starts and stops not compared');
  return notes;
}
