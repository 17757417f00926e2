/**
 * A reader that goes away (saferpm history | head) must not crash saferpm, and
 * must never stop a transaction half way: EPIPE only stops the writing.
 */
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, rootWith, testEnv } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

describe.runIf(needTools('bash', 'head'))('stdout closed by the reader', () => {
  it('--help into head: exit 0, no stack trace', async () => {
    const r = await execa('bash', ['-o', 'pipefail', '-c', `node '${DIST_CLI}' --help | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { reject: false });
    expect(String(r.stdout)).toMatch(/^Usage: saferpm /);
    expect(String(r.stderr)).toBe('status 0');
  });

  it.runIf(needTools('rpm', 'rpmbuild'))('a kernel install whose output goes into head still completes, with its record and note', async () => {
    const root = await rootWith((await buildRelease('v1')).all);
    const files = (await buildRelease('v2')).all.map((f) => `'${f}'`).join(' ');
    const r = await execa('bash', ['-c', `node '${DIST_CLI}' -Uvh --root '${root}' --running-kernel ${kuname('v1')} ${files} | head -1 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { reject: false, env: testEnv() });
    expect(String(r.stdout)).toBe('status 0');
    expect(await installed(root)).toEqual(expect.arrayContaining([`kernel-core-${kuname('v1')}`, `kernel-core-${kuname('v2')}`]));
    expect(String(r.stderr)).not.toMatch(/EPIPE|Unhandled/);
    expect((await import('node:fs')).existsSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'))).toBe(true);
  });
});
