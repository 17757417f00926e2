/**
 * The familiar text forms of a snapshot, for admins who keep ps -ef and
 * netstat output from before and after a change and sdiff them.
 * Columns follow procps' ps -ef and net-tools' netstat -lnp.
 */
import type { ListeningSocket, ProcessInfo, Snapshot } from './model.js';
import { commandLine } from './diff-processes.js';

export { renderSnapshotDiff } from './render-diff.js';

/** `ps -ef`: UID PID PPID C STIME TTY TIME CMD. */
export function renderPsEf(s: Snapshot): string {
  const now = Date.parse(s.takenAt);
  const lines = ['UID          PID    PPID  C STIME TTY          TIME CMD'];
  for (const p of s.processes) {
    const started = (s.bootTime + p.startTicks / s.clockTicks) * 1000;
    lines.push([
      p.user.padEnd(8),
      String(p.pid).padStart(7),
      String(p.ppid).padStart(7),
      String(cpuPercent(p, s.clockTicks, now - started)).padStart(2),
      startColumn(started, now).padEnd(5),
      ttyName(p.ttyNr).padEnd(8),
      cpuTime(p.cpuTicks / s.clockTicks).padStart(8),
      p.state === 'Z' ? `${commandLine(p)} <defunct>` : commandLine(p),
    ].join(' '));
  }
  return lines.join('\n') + '\n';
}

/** procps' C column: CPU time over lifetime, in percent, at most 99. */
function cpuPercent(p: ProcessInfo, hz: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return 0;
  return Math.min(99, Math.floor((p.cpuTicks / hz) * 100000 / elapsedMs));
}

/** procps' STIME: HH:MM within a day, MonDD within a year, else the year (local time). */
export function startColumn(startedMs: number, nowMs: number): string {
  const d = new Date(startedMs);
  const age = nowMs - startedMs;
  if (age < 24 * 3600 * 1000) return `${two(d.getHours())}:${two(d.getMinutes())}`;
  if (age < 365 * 24 * 3600 * 1000) return `${d.toLocaleString('en-US', { month: 'short' })}${two(d.getDate())}`;
  return String(d.getFullYear());
}

/** [DD-]HH:MM:SS of CPU time. */
export function cpuTime(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hms = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return days > 0 ? `${days}-${hms}` : hms;
}

/**
 * tty_nr of /proc/PID/stat (proc(5)): major in bits 15-8, minor in bits 31-20
 * and 7-0. Names from the kernel's Documentation/admin-guide/devices.txt:
 * major 136-143 are /dev/pts/N, major 4 is tty0-63 then ttyS0-, 5:1 the console.
 */
export function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '?';
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >>> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  if (major === 5 && minor === 1) return 'console';
  return `${major}:${minor}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `netstat -lnp` without the queue columns (a snapshot does not keep them). */
export function renderNetstat(s: Snapshot): string {
  const byPid = new Map(s.processes.map((p) => [p.pid, p]));
  const lines = [
    'Active Internet connections (only servers)',
    'Proto Local Address           Foreign Address         State       PID/Program name',
  ];
  for (const k of s.sockets) {
    const v6 = k.proto.endsWith('6');
    lines.push([
      k.proto.padEnd(5),
      `${k.address}:${k.port}`.padEnd(23),
      (v6 ? ':::*' : '0.0.0.0:*').padEnd(23),
      (k.proto.startsWith('tcp') ? 'LISTEN' : '').padEnd(11),
      owner(k, byPid),
    ].join(' ').trimEnd());
  }
  return lines.join('\n') + '\n';
}

/** netstat -p prints one "pid/name"; more holders are counted, unknown is "-". */
function owner(k: ListeningSocket, byPid: ReadonlyMap<number, ProcessInfo>): string {
  const pid = k.pids[0];
  if (pid === undefined) return '-';
  const more = k.pids.length > 1 ? ` (+${k.pids.length - 1})` : '';
  return `${pid}/${byPid.get(pid)?.comm ?? '?'}${more}`;
}
