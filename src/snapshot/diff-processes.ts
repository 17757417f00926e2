/**
 * Which process changes are worth an admin's attention, and which are noise.
 *
 * Processes are compared by what they run (executable and arguments), never
 * by pid: pids are reused, and a daemon restarted by a package's scriptlet
 * comes back under a new pid with the same command. A change is reported
 * only for a process that is part of the machine's services:
 *   - it holds a listening socket (in the snapshot where it exists), or
 *   - it is a daemon: its parent is PID 1 and it has no controlling terminal
 *     (started by init or systemd, or detached with the classic double fork), or
 *   - its executable belongs to a package of this run (ownerOf).
 * Zombies (state Z: exited, not yet reaped by their parent) never count.
 * Everything else (commands in a terminal, cron jobs and their children,
 * workers of a daemon that come and go, short-lived commands that ran between
 * the snapshots and were gone by the second) is counted in filteredOut, not listed.
 */
import type { ProcessInfo, Snapshot } from './model.js';
import type { OwnerOf, ProcessChange, ProcessRef, ProcessSignal, RestartedProcess, SnapshotDiff } from './diff-model.js';

export function commandLine(p: Pick<ProcessInfo, 'argv' | 'comm'>): string {
  return p.argv.length > 0 ? p.argv.join(' ') : `[${p.comm}]`;
}

/** What a process runs: the executable (or its name when unreadable) and the arguments. */
export function identity(p: ProcessInfo): string {
  return [p.exe ?? `[${p.comm}]`, ...p.argv].join('\0');
}

export function processRef(p: ProcessInfo, ownerOf?: OwnerOf): ProcessRef {
  const ref: ProcessRef = { pid: p.pid, user: p.user, command: commandLine(p) };
  if (p.exe) ref.exe = p.exe;
  const pkg = p.exe ? ownerOf?.(p.exe) : undefined;
  if (pkg) ref.package = pkg;
  return ref;
}

function listeningPids(s: Snapshot): Set<number> {
  return new Set(s.sockets.flatMap((k) => k.pids));
}

export function signalOf(p: ProcessInfo, listening: ReadonlySet<number>, ownerOf?: OwnerOf): ProcessSignal | undefined {
  if (p.state === 'Z' || p.state === 'X') return undefined;
  if (listening.has(p.pid)) return 'listening';
  if (p.exe && ownerOf?.(p.exe)) return 'package';
  if (p.ppid === 1 && p.ttyNr === 0) return 'daemon';
  return undefined;
}

function groupByIdentity(ps: readonly ProcessInfo[]): Map<string, ProcessInfo[]> {
  const groups = new Map<string, ProcessInfo[]>();
  for (const p of ps) {
    const key = identity(p);
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return groups;
}

export function diffProcesses(before: Snapshot, after: Snapshot, ownerOf?: OwnerOf): SnapshotDiff['processes'] {
  const was = groupByIdentity(before.processes);
  const now = groupByIdentity(after.processes);
  const out: SnapshotDiff['processes'] = { appeared: [], vanished: [], restarted: [], staleExecutables: [], filteredOut: { appeared: 0, vanished: 0 } };
  const count = (list: ProcessInfo[], snap: Snapshot, into: ProcessChange[], filtered: 'appeared' | 'vanished'): void => {
    const listening = listeningPids(snap);
    for (const p of list) {
      const why = signalOf(p, listening, ownerOf);
      if (why) into.push({ ...processRef(p, ownerOf), why });
      else out.filteredOut[filtered]++;
    }
  };
  for (const [key, list] of now) if (!was.has(key)) count(list, after, out.appeared, 'appeared');
  for (const [key, list] of was) if (!now.has(key)) count(list, before, out.vanished, 'vanished');
  for (const [key, list] of now) {
    const old = was.get(key);
    if (old) {
      const r = restarted(old, list, before, after, ownerOf);
      if (r) out.restarted.push(r);
    }
  }
  out.staleExecutables = staleExecutables(before, after, ownerOf);
  return out;
}

/** Every significant instance replaced by new pids (a pid that survived means it was not restarted). */
function restarted(old: ProcessInfo[], now: ProcessInfo[], before: Snapshot, after: Snapshot, ownerOf?: OwnerOf): RestartedProcess | undefined {
  const listeningAfter = listeningPids(after);
  const significant = now.filter((p) => signalOf(p, listeningAfter, ownerOf));
  if (significant.length === 0) return undefined;
  const oldPids = new Set(old.map((p) => `${p.pid}/${p.startTicks}`));
  if (now.some((p) => oldPids.has(`${p.pid}/${p.startTicks}`)) && before.bootId === after.bootId) return undefined;
  const first = significant[0] as ProcessInfo;
  const r: RestartedProcess = { command: commandLine(first), beforePids: old.map((p) => p.pid), afterPids: significant.map((p) => p.pid) };
  const ref = processRef(first, ownerOf);
  if (ref.exe) r.exe = ref.exe;
  if (ref.package) r.package = ref.package;
  return r;
}

/**
 * The kernel marks /proc/PID/exe "(deleted)" once the file is removed or
 * replaced; rpm -U installs a new file and renames it over the old one, so a
 * daemon that was not restarted keeps running the old code (what dnf's
 * needs-restarting looks for). Reported when it was not so before.
 * memfd executables (/memfd:NAME) are always "deleted" and are left out.
 */
function staleExecutables(before: Snapshot, after: Snapshot, ownerOf?: OwnerOf): ProcessRef[] {
  const staleBefore = new Set(before.processes.filter((p) => p.exeDeleted).map((p) => `${p.pid}/${p.startTicks}`));
  return after.processes
    .filter((p) => p.exeDeleted && !p.exe?.startsWith('/memfd:') && !staleBefore.has(`${p.pid}/${p.startTicks}`))
    .map((p) => processRef(p, ownerOf));
}
