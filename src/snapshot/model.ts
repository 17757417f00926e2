/**
 * What a snapshot holds: the running processes, the listening sockets and the
 * services of one machine at one moment, as plain JSON-serialisable data (the
 * run record keeps it; `saferpm snapshot take --out FILE` writes it).
 *
 * Processes and sockets always describe the LIVE system (they come from the
 * kernel's /proc, even when --root names another tree: a chroot has no
 * processes of its own). Services come from the root: its unit files and
 * links, or its SysV rc.d links.
 */

export const SNAPSHOT_SCHEMA = 'saferpm.snapshot/1';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Effective uid (the UID column of ps -ef), from the Uid: line of /proc/PID/status. */
  uid: number;
  /** User name from the live system's /etc/passwd, or the uid as text (as ps prints it). */
  user: string;
  /** Field 2 of /proc/PID/stat: the kernel's 15-character name. */
  comm: string;
  /** /proc/PID/cmdline split at NULs; empty for zombies. */
  argv: string[];
  /** readlink /proc/PID/exe without the " (deleted)" suffix; absent when not readable. */
  exe?: string;
  /** The executable was deleted or replaced on disk while the process kept running it. */
  exeDeleted?: boolean;
  /** Field 3 of /proc/PID/stat (R, S, D, Z, ...). */
  state: string;
  /** Field 7: controlling terminal device number, 0 when none. */
  ttyNr: number;
  /** Field 22: start time in clock ticks after boot (stable identity with the pid). */
  startTicks: number;
  /** utime + stime (fields 14 and 15) in clock ticks. */
  cpuTicks: number;
}

export type SocketProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface ListeningSocket {
  proto: SocketProto;
  /** Textual address: 0.0.0.0, 127.0.0.1, ::, ::1, ::ffff:127.0.0.1 (RFC 5952 form). */
  address: string;
  port: number;
  /** Socket inode (the N of socket:[N] in /proc/PID/fd). */
  inode: number;
  uid: number;
  /** Processes holding the socket open; several after fork (pre-forked servers). Empty when unknown. */
  pids: number[];
}

/** Where the service list came from. */
export type ServiceSource = 'systemctl' | 'systemctl --root' | 'sysv rc.d links' | 'none';

export interface ServiceState {
  /** Unit name (sshd.service) or SysV script name (sshd). */
  name: string;
  /** systemctl's unit file state (enabled, disabled, static, masked, alias, indirect, ...) or, for SysV, enabled/disabled in the default runlevel. */
  enabled?: string;
  /** ActiveState (active, inactive, failed, ...) when known. */
  active?: string;
  /** SubState (running, exited, dead, ...) when known. */
  sub?: string;
  /** Path of the unit file or init script inside the root, when found (for ownership). */
  file?: string;
}

export interface ServicesSnapshot {
  source: ServiceSource;
  /** Whether enabled states were read at all. */
  enabledKnown: boolean;
  /** Whether running states were read (only on a live system whose init can be asked). */
  runningKnown: boolean;
  units: ServiceState[];
  /** Plain statements about what could not be read, e.g. "systemd is not PID 1 here: running units unknown". */
  notes: string[];
}

export interface Snapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  takenAt: string;
  host: string;
  /** The root the services were read from; processes and sockets are always the live system's. */
  root: string;
  /** /proc/sys/kernel/random/boot_id: two snapshots of different boots cannot be compared by pid. */
  bootId?: string;
  /** Boot time (seconds since the epoch), the btime line of /proc/stat. */
  bootTime: number;
  /** Clock ticks per second of the start times (USER_HZ; 100 on Linux). */
  clockTicks: number;
  /** Pids left out with their descendants (saferpm itself and what it runs). */
  excludedPids: number[];
  processes: ProcessInfo[];
  sockets: ListeningSocket[];
  services: ServicesSnapshot;
  /** What could not be read (e.g. owners of sockets need root). */
  notes: string[];
  /** How long taking it took, for the benchmark and the run record. */
  durationMs: number;
}
