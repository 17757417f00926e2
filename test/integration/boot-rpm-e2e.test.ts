/**
 * End to end with the real rpm: the fake kernel packages of fixtures/specs
 * write an initramfs and a BLS entry in %posttrans, as kernel-install does.
 * Install the v1 and then the v2 kernel beside it (rpm -ivh) into a temporary
 * root whose grub.cfg imports BLS entries and whose grubenv was made by the
 * real grub-editenv; then `saferpm boot check` says "safe to reboot", and
 * "do not reboot" with the reason once the v2 initramfs or its entry is gone.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { FIXTURES } from '../helpers/paths.js';
import { installed, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const MID = '0123456789abcdef0123456789abcdef';

async function prepareRoot(): Promise<string> {
  const root = tempRoot();
  // /boot is its own partition, as the BLS entries' paths (/vmlinuz-X) say.
  writeFileSync(path.join(root, 'etc/fstab'), '/dev/mapper/rl-root / xfs defaults 0 0\nUUID=5a5a5a5a-0000-4000-8000-000000000001 /boot xfs defaults 0 0\n');
  mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
  const grubCfg = readFileSync(path.join(FIXTURES, 'boot/roots/grub2-bls-healthy/boot/grub2/grub.cfg'));
  writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), grubCfg);
  const env = path.join(root, 'boot/grub2/grubenv');
  await execa('grub-editenv', [env, 'create']);
  await execa('grub-editenv', [env, 'set', 'kernelopts=root=/dev/mapper/rl-root ro']);
  return root;
}

describe.runIf(needTools('rpm', 'rpmbuild', 'grub-editenv'))('boot check after real kernel installs', () => {
  it('v1 then v2 with rpm -ivh: safe; without the v2 initramfs or its entry: do not reboot', async () => {
    const [v1, v2] = [await buildRelease('v1'), await buildRelease('v2')];
    const root = await prepareRoot();
    const first = await rpm(root, ['-ivh', ...v1.all]);
    expect(first.exitCode, String(first.stderr)).toBe(0);
    const second = await rpm(root, ['-ivh', ...v2.kernel]);
    expect(second.exitCode, String(second.stderr)).toBe(0);
    const [k1, k2] = [kuname('v1'), kuname('v2')];
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core-'))).toHaveLength(2);
    // grubby sets the new kernel as the default after an install (UPDATEDEFAULT=yes).
    await execa('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'set', `saved_entry=${MID}-${k2}`]);

    const safe = await saferpm(['boot', 'check', '--root', root, '--running-kernel', k1]);
    expect(safe.stdout.split('\n').pop()).toBe('safe to reboot');
    expect(safe.exitCode).toBe(0);
    const json = JSON.parse((await saferpm(['boot', 'check', '--root', root, '--running-kernel', k1, '--json'])).stdout);
    expect(json).toMatchObject({ safe: true, kernel: k2, kernelSource: 'newest-installed', nextBoot: { id: `${MID}-${k2}`, kernelPath: `/boot/vmlinuz-${k2}` }, fallback: { id: `${MID}-${k1}` } });

    const initramfs = path.join(root, `boot/initramfs-${k2}.img`);
    const saved = readFileSync(initramfs);
    rmSync(initramfs);
    const noInitramfs = await saferpm(['boot', 'check', '--root', root, '--running-kernel', k1]);
    expect(noInitramfs.exitCode).toBe(80);
    expect(noInitramfs.stdout).toContain(`initrd /boot/initramfs-${k2}.img is missing`);
    expect(noInitramfs.stdout.split('\n').pop()).toBe('do not reboot: new initramfs missing or empty, next boot entry 0 misses files');

    writeFileSync(initramfs, saved);
    rmSync(path.join(root, `boot/loader/entries/${MID}-${k2}.conf`));
    const noEntry = await saferpm(['boot', 'check', '--root', root, '--running-kernel', k1]);
    expect(noEntry.exitCode).toBe(80);
    expect(noEntry.stdout.split('\n').pop()).toBe(`do not reboot: no entry for ${k2} in /boot/grub2/grub.cfg`);
    // saved_entry now names nothing: GRUB falls back to entry 0, the v1 kernel, which still boots.
    expect(noEntry.stdout.replace(/\s+/g, ' ')).toContain(`saved_entry '${MID}-${k2}' names no entry: GRUB boots entry 0 instead`);
  });
});
