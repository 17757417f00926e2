/**
 * A file conflict rpm itself finds, with the real rpm in a temporary root
 * holding the v1 packages: a new package ships a file of the installed v1
 * kernel (fixtures/specs/file-of-old-kernel.spec) and comes with a new
 * kernel. saferpm keeps the old kernel, so the file conflicts; but the
 * preflight's end-state `rpm -U --test` simulates -U of the kernels, which
 * erases the old one, and did not see it: the preflight passed and rpm
 * refused the userland step when it ran (found by this test; the preflight
 * now tests the userland's file conflicts apart, src/rpm/preflight.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { SPECS } from '../helpers/paths.js';
import { installed, rootWith, saferpm } from '../helpers/roots.js';
import { treeFingerprint } from '../helpers/tree.js';
import { needTools } from '../helpers/tools.js';

describe.runIf(needTools('rpm', 'rpmbuild'))('a file conflict with the kernel saferpm keeps', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  let v2: Awaited<ReturnType<typeof buildRelease>>;
  let conflicting: string;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
    [conflicting] = (await buildSpec(path.join(SPECS, 'file-of-old-kernel.spec'), { oldkuname: kuname('v1') })) as [string];
  });

  it('is found before anything changes: the plan is refused with rpm\'s line, no state, the rpm database untouched', async () => {
    const root = await rootWith(v1.all);
    const before = await installed(root);
    const db = treeFingerprint(path.join(root, 'var/lib/rpm'));
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), conflicting, ...v2.kernel]);
    expect(r.exitCode).toBe(1); // rpm's own exit code of the refused test
    const file = `/lib/modules/${kuname('v1')}/modules.dep`;
    expect(r.stderr).toContain(`saferpm: error: rpm refused the plan (rpm --test, exit 1); nothing was changed`);
    expect(r.stderr).toContain(`file ${file} from install of file-of-old-kernel-1.0-1.${kuname('v1').split('.').pop()} conflicts with file from package kernel-core-${kuname('v1')}`);
    expect(r.stderr).not.toMatch(/running: userland/);
    expect(await installed(root)).toEqual(before);
    expect(treeFingerprint(path.join(root, 'var/lib/rpm'))).toEqual(db);
    expect(existsSync(path.join(root, 'var/lib/saferpm/runs'))).toBe(false);
  });
});
