/**
 * A root as a run leaves it for `saferpm restore`: openssh-server v1 installed
 * by the real rpm, the admin's edits written, the %config files backed up into
 * a run folder made the way a run makes it, then v2 installed by the real rpm.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { backupConfigFiles } from '../../src/audit/config-backup.js';
import { CONFIG_BACKUP_DIR } from '../../src/audit/manifest.js';
import { createRunDir, newRunId } from '../../src/record/store.js';
import { ensureStateDirs, statePaths } from '../../src/state/dirs.js';
import { rpm, tempRoot } from './roots.js';

/** edits: paths inside the root (e.g. 'etc/ssh/moduli') and the admin's text. */
export async function rootAfterConfigRun(v1: string, v2: string, edits: Record<string, string>): Promise<{ root: string; id: string }> {
  const root = tempRoot();
  expect((await rpm(root, ['-Uvh', v1])).exitCode).toBe(0);
  for (const [file, text] of Object.entries(edits)) writeFileSync(path.join(root, file), text);
  const paths = await statePaths(root);
  await ensureStateDirs(paths);
  const id = newRunId();
  const dir = path.join(await createRunDir(paths, id), CONFIG_BACKUP_DIR);
  await backupConfigFiles({ root, rpm: { binary: 'rpm', globalArgs: ['--root', root] }, packages: ['openssh-server'], dir });
  expect((await rpm(root, ['-Uvh', v2])).exitCode).toBe(0);
  return { root, id };
}
