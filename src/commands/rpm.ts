/**
 * The rpm drop-in: saferpm -Uvh|-ivh|-Fvh [rpm options] [saferpm options] FILES.
 * Other modes go to rpm untouched; URLs are fetched first; then the guarded
 * run (src/run/guarded.ts) with the rpm driver (src/drivers/rpm): headers ->
 * classification -> plan (--dry-run stops here) -> preflight (rpm --test; a
 * refused plan changes nothing) -> the transaction inside the safety steps.
 */

import type { Output } from '../output/output.js';
import { makeContext, requireRootFor, type Context } from '../context.js';
import { isInstallMode, parseRpmArgs, type RpmCommandLine } from '../rpm/argv.js';
import { passthrough } from '../rpm/passthrough.js';
import type { InstallMode } from '../rpm/rpm-plan.js';
import { fetchPackageUrls, isPackageUrl } from '../rpm/fetch.js';
import { rpmDriver } from '../drivers/rpm/driver.js';
import { guardedRun } from '../run/guarded.js';

export async function runRpm(argv: string[], out: Output): Promise<number> {
  const cl = parseRpmArgs(argv);
  const ctx = makeContext({ root: cl.root, globalArgs: cl.globalArgs, runningKernel: cl.saferpm.runningKernel });
  if (!isInstallMode(cl.mode)) return passthrough(ctx, cl);
  const mode = cl.mode;
  // rpm's own --quiet (passed on to rpm as well): saferpm keeps its plan, phases and warnings to the record.
  if (cl.flags.has('quiet')) out.beQuiet();
  // Checked first: a user who cannot change the system learns it before anything is read.
  if (!cl.saferpm.dryRun && !cl.flags.has('test')) requireRootFor(ctx, 'installing packages');
  if (!cl.packages.some(isPackageUrl)) return installFiles(ctx, cl, mode, argv, out);
  // rpm -Uvh URL: downloaded first (as rpm does, to a temporary file), then a file like any other.
  // rpm -v says "Retrieving URL" on stdout as it fetches; saferpm fetches them all before the plan.
  if (cl.flags.has('verbose') && !cl.flags.has('quiet')) out.relay(cl.packages.filter(isPackageUrl).map((u) => `Retrieving ${u}`).join('\n'), 'stdout');
  const fetched = await fetchPackageUrls(cl.packages);
  try {
    for (const d of fetched.downloads) out.info(`downloaded ${d.url} to ${d.file} (${d.bytes} bytes)`);
    return await installFiles(ctx, { ...cl, packages: fetched.packages }, mode, argv, out);
  } finally {
    await fetched.cleanup();
  }
}

function installFiles(ctx: Context, cl: RpmCommandLine, mode: InstallMode, argv: string[], out: Output): Promise<number> {
  return guardedRun(rpmDriver(ctx, cl, mode, argv), out);
}
