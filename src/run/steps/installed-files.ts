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

const cache = new WeakMap<RunState, Map<string, Promise<InstalledFiles>>>();

export function installedFilesBefore(run: RunState, names: readonly string[]): Promise<InstalledFiles> {
  if (run.started) throw new Error('installedFilesBefore: the transaction has started; read the database afresh');
  let byNames = cache.get(run);
  if (!byNames) cache.set(run, (byNames = new Map()));
  const key = [...names].sort().join('\0');
  let files = byNames.get(key);
  if (!files) {
    files = queryInstalledFiles(run.ctx.rpm, names);
    byNames.set(key, files);
  }
  return files;
}
