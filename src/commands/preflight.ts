/**
 * saferpm preflight: the verdict 'saferpm reboot' would act on, for scripts
 * and configuration management, without writing anything, taking the lock
 * or rebooting. Exit 0: safe to reboot; 80: do not reboot. --json prints a
 * stable object (docs/preflight-json.md).
 */
import type { Output } from '../output/output.js';
import { makeContext } from '../context.js';
import { EXIT } from '../errors.js';
import { joinRoot, statRooted } from '../fs/rooted.js';
import { renderBootVerdict } from '../bootloader/index.js';
import { latestRun } from '../recovery/history/read.js';
import { LATEST_NOTE, noteFileFor } from '../recovery/note/paths.js';
import { liveVerdict } from '../recovery/reboot/check.js';
import { preflightJson, preflightLines, type PreflightFacts, type PreflightNote } from '../recovery/reboot/preflight.js';
import { statePaths } from '../state/dirs.js';

export interface PreflightOptions {
  root?: string;
  kernel?: string;
  runningKernel?: string;
  json?: boolean;
}

export async function preflightCommand(o: PreflightOptions, out: Output): Promise<number> {
  const ctx = makeContext({ root: o.root, runningKernel: o.runningKernel });
  const verdict = await liveVerdict({ root: ctx.root, ...(o.kernel ? { kernel: o.kernel } : {}), ...(ctx.runningKernel ? { runningKernel: ctx.runningKernel } : {}) });
  const latest = await latestRun(await statePaths(ctx.root));
  const facts: PreflightFacts = { verdict, latestNote: await noteAt(ctx.root, LATEST_NOTE) };
  if (latest) {
    facts.latest = latest;
    if (latest.record) facts.note = await noteAt(ctx.root, latest.record.note?.path || noteFileFor(latest.id));
  }
  out.out(o.json ? JSON.stringify(preflightJson(facts), null, 2) : [renderBootVerdict(verdict), ...preflightLines(facts)].join('\n'));
  return verdict.safe ? EXIT.OK : EXIT.BOOT_UNSAFE;
}

async function noteAt(root: string, inRoot: string): Promise<PreflightNote> {
  const st = await statRooted(root, inRoot).catch(() => undefined);
  return { path: inRoot, hostPath: joinRoot(root, inRoot), exists: Boolean(st?.isFile()) };
}
