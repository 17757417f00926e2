/**
 * At most N qemu processes at a time across every test worker (TCG is one
 * busy core per guest: more guests than cores only makes each boot slower
 * and timeouts likelier). A slot is a file created with O_EXCL in
 * .cache/bootlab/slots holding the owner's pid; a slot whose owner is dead
 * is taken over. N is BOOTLAB_JOBS, else the number of cores.
 */
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LAB_CACHE } from './paths.js';

const SLOTS = path.join(LAB_CACHE, 'slots');

export function slotCount(): number {
  const n = Number(process.env.BOOTLAB_JOBS);
  return Number.isInteger(n) && n > 0 ? n : Math.max(1, os.availableParallelism());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    let owner = NaN;
    try {
      owner = Number(readFileSync(file, 'utf8').trim() || 'NaN');
    } catch {
      /* freed meanwhile: the next round takes it */
    }
    // Written but not yet filled in by its owner: leave it. A dead owner's slot is freed for the next round.
    if (Number.isInteger(owner) && !alive(owner)) rmSync(file, { force: true });
    return false;
  }
}

export async function withBootSlot<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(SLOTS, { recursive: true });
  const n = slotCount();
  for (;;) {
    for (let i = 0; i < n; i++) {
      const file = path.join(SLOTS, `slot-${i}`);
      if (!tryTake(file)) continue;
      try {
        return await fn();
      } finally {
        rmSync(file, { force: true });
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
