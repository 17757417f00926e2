/**
 * The files of the packages about to be replaced, read from the rpm database
 * once before the transaction and shared by the safety steps that need them
 * (the configuration backup and rpm -V): one rpm process instead of two on
 * every run (issue 13, cost per call). Nothing changes the database between
 * those steps; after the transaction each step reads afresh.
 */
import { queryInstalledFiles, type InstalledFiles } from '../../audit/query-file-attrs.js';
import type { RunState } from '../state.js';

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
