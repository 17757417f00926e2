/** --one-at-a-time with the real rpm: groups in dependency order, checks between them, a stop at the first bad group. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { SPECS } from '../helpers/paths.js';
import { installed, rootWith, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

describe.runIf(needTools('rpm', 'rpmbuild'))('saferpm -Uvh --one-at-a-time', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  let v2: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
  });

  function record(root: string): { increments: { packages: string[]; status: string; reason?: string }[]; exitCode: number; note?: { latest?: string } } {
    const dir = path.join(root, 'var/lib/saferpm/runs');
    const [id] = readdirSync(dir);
    return JSON.parse(readFileSync(path.join(dir, id as string, 'record.json'), 'utf8'));
  }

  it('applies every group when the checks pass', async () => {
    const root = await rootWith(v1.all);
    const r = await saferpm(['-Uvh', '--one-at-a-time', '--root', root, '--running-kernel', kuname('v1'), ...v2.all]);
    expect(r.exitCode, r.stderr).toBe(0);
    const inc = record(root).increments;
    expect(inc.map((g) => g.status)).toEqual(inc.map(() => 'applied'));
    // what a package needs comes in an earlier group
    const order = inc.map((g) => g.packages[0]?.replace(/-\d.*$/, ''));
    expect(order.indexOf('kernel-core')).toBeLessThan(order.indexOf('kernel-modules'));
    expect(order.indexOf('kernel-modules')).toBeLessThan(order.indexOf('kernel'));
    expect(order.indexOf('dracut')).toBeLessThan(order.indexOf('kernel-core'));
    expect(await installed(root)).toContain(`kernel-modules-${kuname('v2')}`);
  });

  it('stops after the first group whose boot check fails; the rest is not applied and the note says so', async () => {
    const root = await rootWith(v1.all);
    const broken = await buildSpec(path.join(SPECS, 'kernel-core.spec'), { kver: '6.1.12', krel: '1', noinitramfs: '1' });
    const files = [...v2.all.filter((f) => !path.basename(f).startsWith('kernel-core-')), ...broken];
    const r = await saferpm(['-Uvh', '--one-at-a-time', '--root', root, '--running-kernel', kuname('v1'), ...files]);
    expect(r.exitCode).toBe(80);
    const rec = record(root);
    const byName = (n: string) => rec.increments.find((g) => new RegExp(`^${n}-\\d`).test(g.packages[0] ?? ""));
    expect(byName('dracut')?.status).toBe('applied');
    expect(byName('kernel-core')).toMatchObject({ status: 'stopped-after' });
    expect(byName('kernel-core')?.reason).toMatch(/boot check: do not reboot: .*initramfs/);
    expect(byName('kernel-modules')?.status).toBe('not-applied');
    expect(byName('kernel')?.status).toBe('not-applied');
    const after = await installed(root);
    expect(after).toContain(`kernel-core-${kuname('v2')}`);
    expect(after).not.toContain(`kernel-modules-${kuname('v2')}`);
    const note = readFileSync(path.join(root, rec.note?.latest as string), 'utf8');
    expect(note).toMatch(/APPLIED ONE GROUP AT A TIME/);
    expect(note).toMatch(/NOT APPLIED: kernel-modules-6\.1\.12-1/);
  });
});
