/**
 * Pure parsers for the per-process files of /proc, as described in proc(5)
 * (the "/proc/pid/stat", "/proc/pid/status" and "/proc/pid/cmdline" entries)
 * and as procps' readproc.c reads them.
 */
import { ParseError } from '../errors.js';

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  ttyNr: number;
  flags: number;
  cpuTicks: number;
  startTicks: number;
}

/**
 * The kernel thread flag of the task's flags (field 9): PF_KTHREAD in the
 * kernel's include/linux/sched.h. systemd's is_kernel_thread()
 * (src/basic/process-util.c) tests the same bit; an empty cmdline is not
 * enough, since zombies have one too.
 */
export const PF_KTHREAD = 0x00200000;

export function isKernelThread(stat: Pick<ProcStat, 'flags' | 'pid'>): boolean {
  return stat.pid === 2 || (stat.flags & PF_KTHREAD) !== 0;
}

/**
 * /proc/PID/stat. Field 2 (comm) is in parentheses and may itself hold spaces
 * and parentheses (a program named "a) b"), so fields are counted from the
 * LAST ')' as procps does: the text after it starts with field 3.
 */
export function parseProcStat(text: string, source: string): ProcStat {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) throw new ParseError(source, 1, 1, 'expected "PID (COMM) STATE ..."');
  const rest = text.slice(close + 2).trimEnd().split(' ');
  const after = lineColumn(text, close + 1);
  if (rest.length < 20) throw new ParseError(source, ...after, `expected at least 22 fields, found ${rest.length + 2}`);
  const field = (n: number): number => {
    const v = Number(rest[n - 3]);
    if (!Number.isSafeInteger(v)) throw new ParseError(source, ...after, `field ${n} is not a number: '${rest[n - 3]}'`);
    return v;
  };
  const pid = Number(text.slice(0, open));
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new ParseError(source, 1, 1, `'${text.slice(0, open)}' is not a pid`);
  return {
    pid,
    comm: text.slice(open + 2, close),
    state: rest[0] as string,
    ppid: field(4),
    ttyNr: field(7),
    flags: field(9),
    cpuTicks: field(14) + field(15),
    startTicks: field(22),
  };
}

/**
 * Line and column (from 1) of an offset in the text: comm may hold a newline
 * (prctl(PR_SET_NAME) takes any bytes), so the fields after it are not always
 * on line 1 (fuzzing found a column past the end of line 1).
 */
function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  return [before.split('\n').length, offset - before.lastIndexOf('\n')];
}

/**
 * Arguments are NUL-terminated; a process that rewrote its title
 * (setproctitle, sshd's "sshd: root@pts/0") may leave one argument holding
 * spaces and no final NUL. Zombies and kernel threads give an empty file.
 */
export function splitCmdline(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The "btime" line of /proc/stat: boot time in seconds since the epoch (proc(5)). */
export function parseBootTime(text: string, source = '/proc/stat'): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith('btime '));
  if (i < 0) throw new ParseError(source, lines.length, 1, 'no "btime" line');
  const v = Number((lines[i] as string).slice(6).trim());
  if (!Number.isSafeInteger(v)) throw new ParseError(source, i + 1, 7, 'btime is not a number');
  return v;
}

/** readlink /proc/PID/exe: the kernel appends " (deleted)" when the file was removed or replaced (rpm -U renames over it). */
export function parseExeLink(target: string): { exe: string; deleted: boolean } {
  const suffix = ' (deleted)';
  return target.endsWith(suffix) ? { exe: target.slice(0, -suffix.length), deleted: true } : { exe: target, deleted: false };
}
