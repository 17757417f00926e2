/**
 * Modes saferpm does not act on (-q, -V, -K, -e, --import, ...) go to rpm as
 * given: same arguments, same environment, rpm's own output and exit code.
 * The one exception: erasing the running kernel is refused.
 */
import { RefusedError } from '../errors.js';
import { runCommand } from '../exec/run.js';
import type { Context } from '../context.js';
import { passthroughArgv, type RpmCommandLine } from './argv.js';
import { nevra } from './package.js';
import { isRunning } from './plan-erase.js';
import { queryInstalled } from './query.js';

export async function passthrough(ctx: Context, cl: RpmCommandLine): Promise<number> {
  if (cl.mode === 'erase') await refuseRunningKernel(ctx, cl);
  const r = await runCommand(ctx.rpm.binary, passthroughArgv(cl), { mode: 'inherit', environment: 'inherit', forwardSignals: true, providedBy: 'rpm' });
  return r.exitCode;
}

/** The command passthrough() runs, for a dry run. */
export function passthroughCommand(ctx: Context, cl: RpmCommandLine): string {
  return [ctx.rpm.binary, ...passthroughArgv(cl)].join(' ');
}

async function refuseRunningKernel(ctx: Context, cl: RpmCommandLine): Promise<void> {
  if (!ctx.runningKernel || cl.packages.length === 0) return;
  const targets = await queryInstalled(ctx.rpm, cl.packages);
  const running = targets.filter((p) => isRunning(p, ctx.runningKernel));
  if (running.length) {
    throw new RefusedError(
      `refusing to erase ${running.map(nevra).join(', ')}: it is the running kernel (${ctx.runningKernel}); nothing was erased`,
      'boot into another kernel first, then erase this one',
    );
  }
}
