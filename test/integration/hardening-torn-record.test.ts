/**
 * A torn write of the run record: saferpm killed (SIGKILL, as a power cut or
 * the OOM killer) between writing record.json's temporary file and renaming
 * it into place (SAFERPM_FAULT=before-rename:record.json:<n>, src/state/
 * faults.ts). The record is written after every stage of a run: 1 opened,
 * 2 after rpm, 3 the changes found, 4 the final one. Whatever write is cut,
 * record.json is the previous stage whole (or absent at the first), history
 * shows the run, and the lock the dead run left is taken over by the next one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, ensureRpmHome } from '../helpers/build-rpms.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, pick, rootWith, saferpm, testModeFile } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

/** saferpm -Uvh killed at the n-th write of record.json: how it ended, and its run folder. */
async function killedAtWrite(root: string, n: number, pkg: string): Promise<{ signal?: string; runDir: string }> {
  const r = await execa('node', [DIST_CLI, '-Uvh', '--root', root, pkg], { env: { HOME: ensureRpmHome(), LC_ALL: 'C', SAFERPM_TEST_MODE: testModeFile(), SAFERPM_FAULT: `before-rename:record.json:${n}` }, reject: false });
  const runs = path.join(root, 'var/lib/saferpm/runs');
  const ids = readdirSync(runs);
  expect(ids).toHaveLength(1);
  return { ...(r.signal ? { signal: r.signal } : {}), runDir: path.join(runs, ids[0] as string) };
}

describe.runIf(needTools('rpm', 'rpmbuild'))('a torn write of the run record', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  let v2: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
  });

  it.each([
    [2, 'running', 'opened, before rpm: rpm had finished, the record does not say so yet'],
    [3, 'running', 'after rpm'],
    [4, 'succeeded', 'the changes found'],
  ])('killed at write %i: record.json is the %s record of the stage before (%s), whole; history shows it; the next run takes the lock over', async (n, status) => {
    const root = await rootWith(v1.userland);
    const ssh = pick(v2.userland, 'openssh-server-');
    const killed = await killedAtWrite(root, n, ssh);
    expect(killed.signal).toBe('SIGKILL');
    const files = readdirSync(killed.runDir);
    expect(files.some((f) => f.startsWith('.record.json.tmp-')), files.join(' ')).toBe(true); // the write that was cut
    const record = JSON.parse(readFileSync(path.join(killed.runDir, 'record.json'), 'utf8')) as { schema: string; id: string; status: string; commands: unknown[] };
    expect(record).toMatchObject({ schema: 'saferpm.run/1', id: path.basename(killed.runDir), status });
    expect(record.commands).toHaveLength(n >= 3 ? 1 : 0);
    expect(await installed(root)).toContain('openssh-server-2.0-1.noarch'); // rpm itself finished before the kill
    const history = await saferpm(['history', '--root', root]);
    expect(history.exitCode, history.stderr).toBe(0);
    // a record left at 'running' with no live saferpm holding the lock is shown as died
    expect(history.stdout).toMatch(new RegExp(`${path.basename(killed.runDir)} .*${status === 'running' ? 'died' : status}`));
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(true); // left by the dead run
    const next = await saferpm(['-Uvh', '--root', root, pick(v2.userland, 'dracut-')]);
    expect(next.stderr).not.toMatch(/holds the lock/);
    expect(await installed(root)).toContain('dracut-2.0-1.noarch');
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
  });

  it('killed at the first write: no record.json, nothing installed; history lists the run as damaged, missing its record', async () => {
    const root = await rootWith(v1.userland);
    const before = await installed(root);
    const killed = await killedAtWrite(root, 1, pick(v2.userland, 'openssh-server-'));
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(path.join(killed.runDir, 'record.json'))).toBe(false);
    expect(await installed(root)).toEqual(before);
    const history = await saferpm(['history', '--root', root]);
    expect(history.stdout).toContain(`${path.basename(killed.runDir)} DAMAGED: record.json is missing`);
  });
});
