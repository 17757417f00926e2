/**
 * The verdict 'saferpm reboot' and 'saferpm preflight' act on: the boot
 * check of the root as it is now (src/bootloader checkBoot), with the same
 * --kernel and --running-kernel as 'saferpm boot check'.
 */
import { checkBoot, type BootVerdict } from '../../bootloader/index.js';
import { UsageError } from '../../errors.js';

export interface LiveCheckOptions {
  root: string;
  /** uname -r of the kernel that should boot next; default: the newest installed. */
  kernel?: string;
  /** uname -r of the known-good kernel; default: uname -r when the root is '/'. */
  runningKernel?: string;
}

export async function liveVerdict(o: LiveCheckOptions): Promise<BootVerdict> {
  const opts: Parameters<typeof checkBoot>[0] = { root: o.root };
  if (o.kernel !== undefined) opts.kernel = kernelArg('--kernel', o.kernel);
  if (o.runningKernel !== undefined) opts.runningKernel = kernelArg('--running-kernel', o.runningKernel);
  return checkBoot(opts);
}

/** A uname -r string: no spaces and no '/', as it becomes part of /boot and /lib/modules paths. */
export function kernelArg(option: string, v: string): string {
  if (v === '' || /[\s/]/.test(v)) throw new UsageError(`${option} takes a kernel version such as 6.1.10-1.x86_64 (uname -r), not '${v}'`);
  return v;
}
