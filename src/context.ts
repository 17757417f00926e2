/**
 * The root, the rpm invocation and the running kernel, resolved once per run,
 * with where each value came from (printed in the plan and the record).
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, InputError, PermissionError } from './errors.js';
import type { RpmInvocation } from './rpm/query.js';
import { realRpmBehindShim } from './shim/inspect.js';
import { trustedProgram } from './state/test-mode.js';

export interface Context {
  /** Absolute; '/' for the live system. */
  root: string;
  rpm: RpmInvocation;
  runningKernel?: string;
  runningKernelSource: 'uname -r' | '--running-kernel' | 'unknown';
}

/**
 * The rpm binary: $SAFERPM_RPM (set by the rpm shim to the real rpm, so it never calls itself),
 * else the real rpm behind the shim when rpm on PATH is the shim (saferpm run directly), else rpm on PATH.
 */
export function rpmBinary(): string {
  const fromEnv = process.env.SAFERPM_RPM;
  if (fromEnv) {
    // a root run does not run whatever another user's environment names (src/state/test-mode.ts)
    const t = trustedProgram(fromEnv);
    if (!t.ok) throw new PermissionError(`SAFERPM_RPM=${fromEnv}: ${t.reason}; a root run does not use it`, 'unset SAFERPM_RPM, or name an rpm root owns in a folder only root can write');
    return fromEnv;
  }
  return realRpmBehindShim() || 'rpm';
}

export function resolveRoot(given: string | undefined, cwd = process.cwd()): string {
  if (given === undefined || given === '') return '/';
  const root = path.resolve(cwd, given);
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new InputError(given, 'the root directory does not exist', EXIT.NOINPUT, 'create it, or check the --root/--installroot argument');
  }
  if (!st.isDirectory()) throw new InputError(given, 'the root is not a directory', EXIT.USAGE);
  return root;
}

export function makeContext(opts: { root?: string; globalArgs?: string[]; runningKernel?: string }): Context {
  const root = resolveRoot(opts.root);
  const ctx: Context = {
    root,
    rpm: { binary: rpmBinary(), globalArgs: opts.globalArgs ?? (root === '/' ? [] : ['--root', root]) },
    runningKernelSource: 'unknown',
  };
  if (opts.runningKernel) {
    ctx.runningKernel = opts.runningKernel;
    ctx.runningKernelSource = '--running-kernel';
  } else if (root === '/') {
    ctx.runningKernel = os.release();
    ctx.runningKernelSource = 'uname -r';
  }
  return ctx;
}

/** Changing the live system needs root; a private --root does not. */
export function requireRootFor(ctx: Context, what: string): void {
  if (ctx.root === '/' && typeof process.geteuid === 'function' && process.geteuid() !== 0) {
    throw new PermissionError(`${what} on this system needs root`, 'run it with sudo, or give --root DIR for a test root');
  }
}
