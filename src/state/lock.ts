/**
 * One saferpm run per root at a time. The lock is a file created exclusively
 * (O_EXCL|O_NOFOLLOW) that names its holder's pid and the holder's start time
 * from /proc, so a lock left by a run that died (SIGKILL, power cut) is
 * recognised as stale even when the pid has been reused, and taken over.
 */
import { constants, promises as fsp } from 'node:fs';
import { readFileSync } from 'node:fs';
import { LockError, StateError } from '../errors.js';
import { describeFsError } from './atomic.js';

export interface LockHolder {
  pid: number;
  /** Field 22 of /proc/PID/stat: start time in clock ticks since boot. */
  startTime: string;
  command: string;
  since: string;
}

export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function holderAlive(holder: LockHolder): boolean {
  const start = processStartTime(holder.pid);
  return start !== undefined && start === holder.startTime;
}

export async function acquireLock(lockPath: string, command: string): Promise<HeldLock> {
  const me: LockHolder = {
    pid: process.pid,
    startTime: processStartTime(process.pid) ?? '0',
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await fsp.open(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      await handle.writeFile(JSON.stringify(me) + '\n');
      await handle.close();
      return { path: lockPath, release: () => releaseLock(lockPath, me) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateError(lockPath, `cannot create the lock: ${describeFsError(e)}`);
      }
    }
    const holder = await readHolder(lockPath);
    if (holder && holderAlive(holder)) {
      throw new LockError(lockPath, `pid ${holder.pid}, '${holder.command}', since ${holder.since}`);
    }
    // Stale (or unreadable, e.g. torn by a crash): move it aside atomically so that
    // of two runs taking it over at once, only one wins the rename.
    await fsp.rename(lockPath, `${lockPath}.stale`).catch(() => undefined);
  }
  throw new LockError(lockPath, 'could not take over a stale lock');
}

async function readHolder(lockPath: string): Promise<LockHolder | undefined> {
  try {
    const handle = await fsp.open(lockPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return JSON.parse(await handle.readFile('utf8')) as LockHolder;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

async function releaseLock(lockPath: string, me: LockHolder): Promise<void> {
  const holder = await readHolder(lockPath);
  if (holder?.pid === me.pid && holder.startTime === me.startTime) {
    await fsp.unlink(lockPath).catch(() => undefined);
  }
}

/** Whether a live saferpm holds the lock now (a lock left by a dead run does not count). */
export async function isLockHeld(lockPath: string): Promise<boolean> {
  const holder = await readHolder(lockPath);
  return holder !== undefined && holderAlive(holder);
}
