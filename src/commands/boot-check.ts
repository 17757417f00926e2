/**
 * saferpm boot check: the ordered required/wanted boot checks and the
 * verdict. Exit 0 when every required check holds ("safe to reboot"),
 * EXIT.BOOT_UNSAFE (80) otherwise ("do not reboot: ..."); --json prints the
 * same findings (docs/boot-json.md).
 */
import type { Output } from '../output/output.js';
import { EXIT } from '../errors.js';
import { checkBoot, renderBootVerdict } from '../bootloader/index.js';
import { parseBootPrefix, parseLoaderType, rootArg, rootPathArg } from './boot-info.js';

export interface BootCheckOptions {
  root?: string;
  kernel?: string;
  runningKernel?: string;
  config?: string;
  type?: string;
  env?: string;
  bootPrefix?: string;
  json?: boolean;
}

export async function bootCheck(o: BootCheckOptions, out: Output): Promise<number> {
  const root = rootArg(o.root);
  const type = parseLoaderType(o.type);
  const bootPrefix = parseBootPrefix(o.bootPrefix);
  const verdict = await checkBoot({
    root,
    ...(o.kernel ? { kernel: o.kernel } : {}),
    ...(o.runningKernel ? { runningKernel: o.runningKernel } : {}),
    ...(o.config !== undefined ? { config: rootPathArg(root, o.config) } : {}),
    ...(type ? { type } : {}),
    ...(o.env !== undefined ? { env: rootPathArg(root, o.env) } : {}),
    ...(bootPrefix ? { bootPrefix } : {}),
  });
  out.out(o.json ? JSON.stringify(verdict, null, 2) : renderBootVerdict(verdict));
  return verdict.safe ? EXIT.OK : EXIT.BOOT_UNSAFE;
}
