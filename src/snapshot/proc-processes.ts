/**
 * The running processes, read from /proc in-process (what ps -ef shows,
 * without spawning ps). Kernel threads are left out, and so are the
 * excluded pids (saferpm itself) with all their descendants: rpm, its
 * scriptlets and anything else saferpm started are not "the system".
 * /proc is always the live system's, whatever --root says.
 */
import { ParseError } from '../errors.js';
import type { ProcessInfo } from './model.js';
import { isKernelThread, parseExeLink, parseProcStat, splitCmdline, type ProcStat } from './parse-proc-pid.js';
import { listPids, procOwner, readProcCmdline, readProcLink, readProcRecord } from './proc-files.js';
import { userName } from './passwd.js';

export interface ProcessScan {
  processes: ProcessInfo[];
  kernelThreads: number;
  /** Processes left out as saferpm's own (the excluded pids and their descendants). */
  excluded: number;
  /** Processes whose executable link could not be read (another user's, when not root). */
  exeUnreadable: number;
}

export interface ScanOptions {
  procDir?: string;
  excludePids: readonly number[];
  users: ReadonlyMap<number, string>;
}

export function scanProcesses(o: ScanOptions): ProcessScan {
  const procDir = o.procDir ?? '/proc';
  const stats: ProcStat[] = [];
  let kernelThreads = 0;
  for (const pid of listPids(procDir)) {
    const stat = readStat(procDir, pid);
    if (!stat) continue; // exited while we looked
    if (isKernelThread(stat)) kernelThreads++;
    else stats.push(stat);
  }
  const excluded = descendantsOf(stats, o.excludePids);
  const processes: ProcessInfo[] = [];
  let exeUnreadable = 0;
  let excludedCount = 0;
  for (const stat of stats) {
    if (excluded.has(stat.pid)) {
      excludedCount++;
      continue;
    }
    const p = readDetails(procDir, stat, o.users);
    if (!p) continue;
    if (p.exe === undefined && p.argv.length > 0) exeUnreadable++;
    processes.push(p);
  }
  return { processes, kernelThreads, excluded: excludedCount, exeUnreadable };
}

function readStat(procDir: string, pid: number): ProcStat | undefined {
  const text = readProcRecord(`${procDir}/${pid}/stat`);
  if (text === undefined) return undefined;
  try {
    return parseProcStat(text, `${procDir}/${pid}/stat`);
  } catch (e) {
    if (e instanceof ParseError) return undefined; // cannot happen with a real kernel; not worth failing a run for
    throw e;
  }
}

function readDetails(procDir: string, stat: ProcStat, users: ReadonlyMap<number, string>): ProcessInfo | undefined {
  const base = `${procDir}/${stat.pid}`;
  // The user is the owner of /proc/PID, which the kernel sets to the process's
  // effective uid (proc(5); root for a non-dumpable process): what procps' ps
  // shows too (readproc(): p->euid = sb.st_uid), for one stat(2) instead of
  // open, read and close of /proc/PID/status.
  const uid = procOwner(base);
  const cmdline = readProcCmdline(`${base}/cmdline`);
  if (uid === undefined || cmdline === undefined) return undefined;
  const p: ProcessInfo = {
    pid: stat.pid,
    ppid: stat.ppid,
    uid,
    user: userName(users, uid),
    comm: asUtf8(stat.comm),
    argv: splitCmdline(cmdline),
    state: stat.state,
    ttyNr: stat.ttyNr,
    startTicks: stat.startTicks,
    cpuTicks: stat.cpuTicks,
  };
  const link = readProcLink(`${base}/exe`);
  if (link !== undefined) {
    const { exe, deleted } = parseExeLink(link);
    p.exe = exe;
    if (deleted) p.exeDeleted = true;
  }
  return p;
}

/** stat was read as latin1 (cheaper); a name with UTF-8 bytes is decoded again. */
function asUtf8(latin1: string): string {
  return /[^\x00-\x7f]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/** The given pids and every process below them in the parent tree. */
export function descendantsOf(stats: readonly Pick<ProcStat, 'pid' | 'ppid'>[], roots: readonly number[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s.pid);
    else children.set(s.ppid, [s.pid]);
  }
  const out = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (out.has(pid)) continue;
    out.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}
