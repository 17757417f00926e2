/**
 * One saferpm run per root at a time. The lock is a file that names its
 * holder's pid and the holder's start time from /proc, so a lock left by a
 * run that died (SIGKILL, power cut) is recognised as stale even when the pid
 * has been reused, and taken over. Node has no flock(2) on a descriptor, so
 * exclusion rests on link(2): the lock appears whole or not at all, and of
 * several runs finding the same stale lock only the one holding the takeover
 * file removes it, after checking it is still that lock (issue 16).
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { readFileSync } from 'node:fs';
import { EXIT, LockError, StateError } from '../errors.js';
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
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await createWithContent(lockPath, me)) return { path: lockPath, release: () => releaseLock(lockPath, me) };
    const seen = await readLock(lockPath);
    if (!seen) continue; // released meanwhile: try again
    if (seen.holder && holderAlive(seen.holder)) {
      throw new LockError(lockPath, `pid ${seen.holder.pid}, '${seen.holder.command}', since ${seen.holder.since}`);
    }
    await takeOver(lockPath, seen, me);
  }
  throw new LockError(lockPath, 'could not take over a stale lock');
}

/**
 * Create `target` holding `who`, atomically and only if it does not exist:
 * the content is written to a uniquely named file first, then link(2)ed to
 * the name (link fails with EEXIST, and never follows a planted symlink), so
 * no other run ever sees an empty or half-written lock. False when it exists.
 */
async function createWithContent(target: string, who: LockHolder): Promise<boolean> {
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    const handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.writeFile(JSON.stringify(who) + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.link(temp, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StateError(target, `cannot create the lock: ${describeFsError(e)}`, lockErrorCode(e));
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }
}

/** A full disk or quota is an I/O error (74, README's table); anything else cannot be created (73). */
function lockErrorCode(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' ? EXIT.IOERR : EXIT.CANTCREAT;
}

interface SeenLock {
  holder?: LockHolder;
  ino: number;
  text: string;
}

/**
 * Take over the stale lock `seen`. Only one run at a time may do it: the one
 * that creates `lock.takeover` (made like the lock, so a takeover left by a
 * dead run is itself recognised as stale). Holding it, the run reads the lock
 * again and removes it only when it is still the very file judged stale (same
 * inode, same text); a lock created meanwhile by a live run is left alone. The
 * others wait a moment and look again.
 */
async function takeOver(lockPath: string, seen: SeenLock, me: LockHolder): Promise<void> {
  const guard = `${lockPath}.takeover`;
  if (!(await createWithContent(guard, me))) {
    const other = await readLock(guard);
    if (other && !(other.holder && holderAlive(other.holder))) await removeIfSame(guard, other);
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    return;
  }
  try {
    const now = await readLock(lockPath);
    if (now && now.ino === seen.ino && now.text === seen.text) await fsp.unlink(lockPath).catch(() => undefined);
  } finally {
    await fsp.unlink(guard).catch(() => undefined);
  }
}

/** Remove a dead run's takeover file, if it is still that one. */
async function removeIfSame(file: string, seen: SeenLock): Promise<void> {
  const now = await readLock(file);
  if (now && now.ino === seen.ino && now.text === seen.text) await fsp.unlink(file).catch(() => undefined);
}

async function readLock(lockPath: string): Promise<SeenLock | undefined> {
  // a symlink or anything but a file planted at the lock's name is garbage to take over, never followed
  const lst = await fsp.lstat(lockPath).catch(() => undefined);
  if (!lst) return undefined;
  if (!lst.isFile()) return { ino: lst.ino, text: `<${lst.isSymbolicLink() ? 'symlink' : 'not a file'}>` };
  try {
    const handle = await fsp.open(lockPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const [st, text] = [await handle.stat(), await handle.readFile('utf8')];
      return { ino: st.ino, text, ...(parseHolder(text) ? { holder: parseHolder(text) as LockHolder } : {}) };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.startTime === 'string' ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

async function readHolder(lockPath: string): Promise<LockHolder | undefined> {
  return (await readLock(lockPath))?.holder;
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
