/**
 * The boot check inside a saferpm -U run reads the new kernel image's rpm -V
 * line from the run's own rpm -V after the transaction (run/steps/verify-after.ts)
 * instead of starting `rpm -V -f IMAGE` (issue 13, cost per call), when the
 * image's package was installed before and so verified with digests; a kernel
 * name new to the system (verified without digests) still gets rpm -V -f. Either
 * way an image cut short during the run (kernel-core.spec --define cutimage 1,
 * as a full /boot would) makes the run say "do not reboot" with rpm's finding.
 * Every rpm process is recorded by an `rpm` first on PATH that runs the real one.
 */
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { SPECS } from '../helpers/paths.js';
import { installed, rootWith, saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

interface Check { id: string; status: string; finding: string; reason?: string }

function record(root: string): { exitCode: number; boot?: { safe: boolean; checks: Check[] } } {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  const ids = readdirSync(dir);
  expect(ids).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(dir, ids[0] as string, 'record.json'), 'utf8'));
}

/** A PATH whose first rpm logs its arguments, one call a line, and runs the real rpm. */
function recordingPath(): { PATH: string; log: string } {
  const bin = tempDir('saferpm-rpm-log-');
  const log = path.join(bin, 'calls.log');
  const real = '/usr/bin/rpm';
  writeFileSync(path.join(bin, 'rpm'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec ${real} "$@"\n`);
  chmodSync(path.join(bin, 'rpm'), 0o755);
  writeFileSync(log, '');
  return { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, log };
}

describe.runIf(needTools('rpm', 'rpmbuild'))('the new kernel image in a run: rpm -V after, read once', () => {
  const v2 = kuname('v2');
  const image = `/boot/vmlinuz-${v2}`;
  const cutKernel = () => buildSpec(path.join(SPECS, 'kernel-core.spec'), { kver: '6.1.12', krel: '1', cutimage: '1' });

  it('kernel-core installed before: the image cut short is found by the run\'s rpm -V, no rpm -V -f started', async () => {
    const [v1, r2, cut] = await Promise.all([buildRelease('v1'), buildRelease('v2'), cutKernel()]);
    const root = await rootWith(v1.all);
    const others = r2.all.filter((f) => !path.basename(f).startsWith('kernel-core-'));
    const { PATH, log } = recordingPath();
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...cut, ...others], { env: { PATH } });
    expect(r.exitCode, r.stderr).toBe(80);
    expect(await installed(root)).toContain(`kernel-core-${v2}`);
    const check = record(root).boot?.checks.find((c) => c.id === 'new-kernel-image');
    expect(check?.status).toBe('fail');
    expect(check?.finding).toContain(`'rpm -V -f ${image}' says its size and digest differ from the rpm database`);
    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(calls.some((c) => / -V .*kernel-core/.test(c))).toBe(true); // the run's rpm -V after
    expect(calls.filter((c) => / -f /.test(c))).toEqual([]);
  });

  it('a kernel name new to the system: rpm -V -f checks the image, with the same finding', async () => {
    const [v1, cut] = await Promise.all([buildRelease('v1'), cutKernel()]);
    const root = await rootWith(v1.userland);
    const { PATH, log } = recordingPath();
    const r = await saferpm(['-ivh', '--root', root, '--running-kernel', kuname('v1'), ...cut], { env: { PATH } });
    expect(r.exitCode, r.stderr).toBe(80);
    const check = record(root).boot?.checks.find((c) => c.id === 'new-kernel-image');
    expect(check?.status).toBe('fail');
    expect(check?.finding).toContain(`'rpm -V -f ${image}' says its size and digest differ from the rpm database`);
    expect(readFileSync(log, 'utf8').split('\n').filter((c) => c.endsWith(` -V --nodeps --noscripts -f ${image}`))).toHaveLength(1);
  });
});
