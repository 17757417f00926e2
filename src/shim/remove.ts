/**
 * Taking the shim away and putting back exactly what was there: nothing, or
 * the file --force kept aside, renamed back (the same inode: same bytes, mode,
 * owner and times).
 */
import { lstatSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { EXIT, RefusedError, StateError } from '../errors.js';
import { syncDir } from '../state/atomic.js';
import { inspectTarget } from './inspect.js';
import { SHIM_NAME } from './script.js';

export interface RemoveShimResult {
  target: string;
  action: 'absent' | 'removed' | 'restored';
  restored?: string;
}

export async function removeShim(prefix: string): Promise<RemoveShimResult> {
  const target = path.join(path.normalize(prefix), SHIM_NAME);
  const found = inspectTarget(target);
  if (found.kind === 'absent') return { target, action: 'absent' };
  if (found.kind === 'other') {
    throw new RefusedError(`${target} is not saferpm's shim; not removed`, `'saferpm shim status --prefix ${prefix}' shows what is there`);
  }
  const { backup } = found.spec;
  if (backup === null) {
    unlinkSync(target);
    await syncDir(path.dirname(target));
    return { target, action: 'removed' };
  }
  if (path.dirname(backup) !== path.dirname(target)) {
    throw new RefusedError(`${target} names a backup outside its folder (${backup}); not removed`, `check ${target}; remove it by hand if it is yours`);
  }
  try {
    lstatSync(backup);
  } catch {
    throw new StateError(backup, `the file the shim replaced is gone; ${target} not removed, as there is nothing to put back`, EXIT.NOINPUT, `if nothing should be at ${target}, remove it by hand: rm ${target}`);
  }
  renameSync(backup, target);
  await syncDir(path.dirname(target));
  return { target, action: 'restored', restored: backup };
}
