/**
 * The files of the packages of a run, read from the rpm database once before
 * the transaction and once after it, and shared by the safety steps that need
 * them (the configuration backup and report, rpm -V before and after): one
 * rpm process instead of two on each side of every run (issue 13, cost per
 * call). Nothing changes the database between those steps.
 */
import { queryInstalledFiles, type InstalledFiles } from '../../audit/query-file-attrs.js';
import type { RunState } from '../state.js';

const after = new WeakMap<RunState, Promise<InstalledFiles>>();

/**
 * After the transaction: the files of every package the run named (incoming and
 * installed before), read once; each caller gets the packages of its names.
 */
export async function installedFilesAfter(run: RunState, names: readonly string[]): Promise<InstalledFiles> {
  let all = after.get(run);
  if (!all) {
    all = queryInstalledFiles(run.ctx.rpm, [...new Set([...run.view.incoming.map((p) => p.name), ...run.view.before.map((p) => p.name), ...names])]);
    all.catch(() => undefined); // may be started early (SafetyStep.startAfter): a failure is reported where it is awaited
    after.set(run, all);
  }
  const { packages, notInstalled } = await all;
  const wanted = new Set(names);
  const extra = names.filter((n) => !packages.some((p) => p.name === n) && !notInstalled.includes(n));
  // a name outside the run's view (none today) is read on its own rather than missed
  const more = extra.length ? await queryInstalledFiles(run.ctx.rpm, extra) : { packages: [], notInstalled: [] };
  return {
    packages: [...packages.filter((p) => wanted.has(p.name)), ...more.packages],
    notInstalled: [...notInstalled.filter((n) => wanted.has(n)), ...more.notInstalled],
  };
}

const before = new WeakMap<RunState, Promise<InstalledFiles>>();

/**
 * Before the transaction: the files of the names rpm -V checks before (the replaced packages and the
 * incoming names installed before, verify-before.ts) and those the configuration backup copies
 * from (the replaced ones, a subset), read once; each caller gets the packages of its names, in
 * the order of its names, as a query of its own would give them.
 */
export async function installedFilesBefore(run: RunState, names: readonly string[]): Promise<InstalledFiles> {
  if (run.started) throw new Error('installedFilesBefore: the transaction has started; read the database afresh');
  let all = before.get(run);
  if (!all) {
    all = queryInstalledFiles(run.ctx.rpm, namesBefore(run.view, names));
    all.catch(() => undefined); // may be started early (SafetyStep.startBefore): a failure is reported where it is awaited
    before.set(run, all);
  }
  const { packages, notInstalled } = await all;
  const extra = names.filter((n) => !packages.some((p) => p.name === n) && !notInstalled.includes(n));
  // a name outside the run's view (none today) is read on its own rather than missed
  const more = extra.length ? await queryInstalledFiles(run.ctx.rpm, extra) : { packages: [], notInstalled: [] };
  return {
    packages: [...names.flatMap((n) => packages.filter((p) => p.name === n)), ...more.packages],
    notInstalled: [...names.filter((n) => notInstalled.includes(n)), ...more.notInstalled],
  };
}

/** The replaced names, the incoming names installed before, and the first caller's names. */
function namesBefore(view: RunState['view'], names: readonly string[]): string[] {
  const installed = new Set(view.before.map((p) => p.name));
  return [...new Set([...view.replaced.map((p) => p.name), ...view.incoming.map((p) => p.name).filter((n) => installed.has(n)), ...names])];
}
