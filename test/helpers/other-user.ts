/**
 * Acting as another local user (uid/gid 65534, `nobody`) in attack tests:
 * commands run through setpriv(1) with the groups cleared, as an unprivileged
 * user would run them. Only for tests that run as root (needRoot).
 */
import { chmodSync, chownSync } from 'node:fs';
import path from 'node:path';
import { execa, type Result } from 'execa';

export const NOBODY = 65534;

export async function asNobody(file: string, args: string[], cwd?: string): Promise<Result> {
  return execa('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', file, ...args], { reject: false, cwd, env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' } });
}

/** Give a folder (or file) to nobody, and let nobody reach it: every folder from `top` down to it becomes searchable. */
export function giveToNobody(top: string, p: string): void {
  chownSync(p, NOBODY, NOBODY);
  for (let d = path.dirname(p); d.startsWith(top); d = path.dirname(d)) {
    chmodSync(d, 0o755);
    if (d === top) break;
  }
}
