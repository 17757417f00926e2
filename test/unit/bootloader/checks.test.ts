/**
 * The boot checks on the fixture roots (fixtures/boot/roots): every required
 * check has a root that trips it and healthy roots that pass it, for every
 * format; harmless oddities warn but never say "do not reboot".
 */
import { cpSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoot, type BootVerdict } from '../../../src/bootloader/index.js';
import type { CheckBootOptions } from '../../../src/bootloader/checks/context.js';
import { tempDir } from '../../helpers/roots.js';
import { ROOTS } from './configs.js';

const V1 = '6.1.10-1.x86_64';
const V2 = '6.1.12-1.x86_64';

async function check(name: string, extra: Partial<CheckBootOptions> = {}): Promise<BootVerdict> {
  return checkBoot({ root: path.join(ROOTS, name), runningKernel: V1, ...extra });
}

function statuses(v: BootVerdict): Record<string, string> {
  return Object.fromEntries(v.checks.map((c) => [c.id, c.status]));
}

function failed(v: BootVerdict): string[] {
  return v.checks.filter((c) => c.status === 'fail').map((c) => c.id);
}

/** A copy of a LILO root with lilo.conf, the map and the images given these ages (seconds ago). */
function liloRoot(name: string, ages: { map: number; conf: number; images: number }): string {
  const root = path.join(tempDir(), 'root');
  cpSync(path.join(ROOTS, name), root, { recursive: true });
  const at = (p: string, secondsAgo: number) => {
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(path.join(root, p), t, t);
  };
  at('boot/map', ages.map);
  at('etc/lilo.conf', ages.conf);
  for (const v of [V1, V2]) {
    at(`boot/vmlinuz-${v}`, ages.images);
    at(`boot/initramfs-${v}.img`, ages.images);
  }
  return root;
}

describe('healthy roots are safe to reboot, for every format', () => {
  it.each([
    ['grub2-bls-healthy', {}],
    ['grub2-menuentry-boot-folder-of-root', {}],
    ['grub-legacy-healthy', {}],
    ['extlinux-healthy', {}],
    ['bls-only-healthy', { type: 'bls' as const, config: '/boot/loader/entries' }],
  ])('%s', async (name, extra) => {
    const v = await check(name, extra);
    expect(failed(v)).toEqual([]);
    expect(v.safe).toBe(true);
    expect(v.kernel).toBe(V2);
    expect(v.kernelSource).toBe('newest-installed');
    expect(v.newEntry?.version).toBe(V2);
    expect(v.fallback?.version).toBe(V1);
    expect(v.installedKernels).toEqual([V1, V2]);
  });

  it('lilo-healthy: the map written after lilo.conf and every image', async () => {
    const v = await checkBoot({ root: liloRoot('lilo-healthy', { map: 10, conf: 100, images: 100 }), runningKernel: V1 });
    expect(statuses(v)['lilo-map']).toBe('pass');
    expect(v.safe).toBe(true);
    expect(v.nextBoot).toMatchObject({ id: 'linux', kernelPath: `/boot/vmlinuz-${V2}` });
  });
});

describe('grub2-bls-healthy in detail', () => {
  it('the new kernel is the default, the running one the fallback; every check is named', async () => {
    const v = await check('grub2-bls-healthy');
    expect(statuses(v)).toEqual({
      config: 'pass',
      'new-entry': 'pass',
      'new-kernel-image': 'pass',
      'new-initrd': 'pass',
      'new-modules': 'pass',
      'new-root': 'pass',
      'not-excluded': 'pass',
      'next-boot': 'pass',
      'fallback-entry': 'pass',
      unattended: 'pass',
      'lilo-map': 'skip',
      'lilo-default': 'skip',
      'new-is-default': 'pass',
      'default-resolves': 'pass',
      grubenv: 'pass',
      'same-root': 'pass',
      'stale-entries': 'pass',
      'boot-space': 'pass',
      duplicates: 'pass',
      'config-warnings': 'pass',
    });
    expect(v.nextBoot).toEqual({
      index: '0',
      title: `Rocky Linux (${V2}) 9.4 (Blue Onyx)`,
      id: `0123456789abcdef0123456789abcdef-${V2}`,
      linux: true,
      kernel: `/vmlinuz-${V2}`,
      kernelPath: `/boot/vmlinuz-${V2}`,
      initrdPaths: [`/boot/initramfs-${V2}.img`],
      version: V2,
      root: '/dev/mapper/rl-root',
    });
    expect(v.bootPrefix).toMatchObject({ prefix: '/boot', source: 'fstab' });
    expect(v.default).toMatchObject({ from: 'saved_entry', matchedBy: 'id', matched: true });
    expect(v.reasons).toEqual([]);
  });

  it('a list of kernels that fell back which cannot be read is not "safe": the check cannot tell whether the new kernel is on it', async () => {
    const root = tempDir('saferpm-excluded-');
    cpSync(path.join(ROOTS, 'grub2-bls-healthy'), root, { recursive: true });
    mkdirSync(path.join(root, 'var/lib/saferpm/trial'), { recursive: true });
    const list = path.join(root, 'var/lib/saferpm/trial/excluded.json');
    writeFileSync(list, '{"schema": "saferpm.trial-excluded/1", "kernels": [');
    const damaged = await checkBoot({ root, runningKernel: V1 });
    expect(damaged.safe).toBe(false);
    expect(damaged.checks.find((c) => c.id === 'not-excluded')?.finding).toMatch(/^cannot tell whether 6\.1\.12-1\.x86_64 fell back in a trial boot: \/var\/lib\/saferpm\/trial\/excluded\.json is damaged: /);
    writeFileSync(list, '{"kernels": {}}');
    expect(failed(await checkBoot({ root, runningKernel: V1 }))).toEqual(['not-excluded']);
    writeFileSync(list, JSON.stringify({ kernels: [{ kernel: V1, trialId: 't1', reason: 'panic' }] }));
    const other = await checkBoot({ root, runningKernel: V1 });
    expect(other.safe).toBe(true);
    expect(statuses(other)['not-excluded']).toBe('pass');
  });

  it('without --running-kernel (not the live system), the fallback check says how to give it', async () => {
    const v = await checkBoot({ root: path.join(ROOTS, 'grub2-bls-healthy') });
    const fb = v.checks.find((c) => c.id === 'fallback-entry');
    expect(fb).toMatchObject({ status: 'skip', finding: 'skipped: running kernel unknown, give --running-kernel' });
    expect(v.runningKernelSource).toBe('unknown');
    expect(v.safe).toBe(true);
  });

  it('--kernel picks another kernel; installedKernels overrides the file system', async () => {
    const v = await check('grub2-bls-healthy', { kernel: V1 });
    expect(v.newEntry?.version).toBe(V1);
    expect(statuses(v)['new-is-default']).toBe('warn');
    const w = await check('grub2-bls-healthy', { installedKernels: [V1] });
    expect(w.kernel).toBe(V1);
  });
});

describe('harmless oddities warn and never say "do not reboot"', () => {
  it('stale saved_entry, a rescue entry without files, equal titles', async () => {
    const v = await check('grub2-bls-harmless-oddities');
    expect(v.safe).toBe(true);
    const s = statuses(v);
    expect([s['default-resolves'], s['stale-entries'], s.duplicates]).toEqual(['warn', 'warn', 'warn']);
    expect(v.checks.find((c) => c.id === 'default-resolves')?.finding).toMatch(/names no entry: GRUB boots entry 0 instead/);
  });

  it('a grubenv GRUB cannot read: GRUB boots entry 0, which is fine here', async () => {
    const v = await check('grub2-grubenv-corrupt-boots-first-entry');
    expect(v.safe).toBe(true);
    expect(statuses(v).grubenv).toBe('warn');
    expect(v.nextBoot?.version).toBe(V2);
    expect(v.default).toMatchObject({ matched: false, requested: '' });
  });
});

describe('each required check has a root that trips it', () => {
  it.each([
    ['broken-config-if-never-closed', 'config', /grub\.cfg:1:1: 'if' opened at line 1 is never closed by 'fi'/, 'boot configuration unreadable'],
    ['broken-new-entry-missing', 'new-entry', new RegExp(`no entry in /boot/grub2/grub.cfg boots ${V2}`), `no entry for ${V2} in /boot/grub2/grub.cfg`],
    ['broken-new-kernel-image-empty', 'new-kernel-image', new RegExp(`kernel /boot/vmlinuz-${V2} is empty`), 'new kernel image missing or empty'],
    ['broken-new-initramfs-missing', 'new-initrd', new RegExp(`initrd /boot/initramfs-${V2}.img is missing`), 'new initramfs missing or empty'],
    ['broken-new-modules-missing', 'new-modules', new RegExp(`/lib/modules/${V2} is missing`), `/lib/modules/${V2} missing`],
    ['broken-next-boot-stale-newest-entry', 'next-boot', /boots next \(saved_entry '.*' names no entry: GRUB boots entry 0 instead\), but kernel \/boot\/vmlinuz-6\.1\.15-1\.x86_64 is missing/, 'next boot entry 0 misses files'],
    ['broken-running-kernel-entry-removed', 'fallback-entry', new RegExp(`no entry in /boot/grub2/grub.cfg boots the running kernel ${V1}`), `no entry for running ${V1} in /boot/grub2/grub.cfg`],
  ])('%s trips %s', async (name, id, finding, reason) => {
    const v = await check(name);
    expect(v.safe).toBe(false);
    const c = v.checks.find((x) => x.id === id);
    expect(c?.status).toBe('fail');
    expect(c?.finding).toMatch(finding);
    expect(v.reasons).toContain(reason);
  });

  it('broken-new-kernel-image-empty: only the image check and the checks about the same file fail', async () => {
    expect(failed(await check('broken-new-kernel-image-empty'))).toEqual(['new-kernel-image', 'next-boot']);
  });

  it('broken-lilo-map-older-than-config trips lilo-map and says to run /sbin/lilo', async () => {
    const root = liloRoot('broken-lilo-map-older-than-config', { map: 100, conf: 10, images: 200 });
    const v = await checkBoot({ root, runningKernel: V1 });
    expect(failed(v)).toEqual(['lilo-map']);
    const c = v.checks.find((x) => x.id === 'lilo-map');
    expect(c?.finding).toBe(`/etc/lilo.conf changed after /boot/map was written: LILO would load stale blocks; run '/sbin/lilo -r ${root}' before rebooting`);
  });

  it('a kernel image newer than the map trips lilo-map too', async () => {
    const root = liloRoot('lilo-healthy', { map: 100, conf: 200, images: 10 });
    const v = await checkBoot({ root, runningKernel: V1 });
    expect(v.checks.find((x) => x.id === 'lilo-map')?.finding).toMatch(new RegExp(`^/boot/vmlinuz-${V2}, /boot/initramfs-${V2}.img, `));
  });
});

describe('what the recovery note needs from the verdict', () => {
  it('LILO: the map file; GRUB legacy: the default line; both: the boot prefix', async () => {
    const lilo = await checkBoot({ root: liloRoot('lilo-healthy', { map: 10, conf: 100, images: 100 }), runningKernel: V1 });
    expect(lilo).toMatchObject({ loader: 'lilo', liloMap: '/boot/map', configFile: '/etc/lilo.conf', default: { line: 5, matchedBy: 'label' }, bootPrefix: { prefix: '/' } });
    const legacy = await check('grub-legacy-healthy');
    expect(legacy).toMatchObject({ loader: 'grub', default: { line: 4, from: 'config' }, bootPrefix: { prefix: '/boot' }, loaderFallback: { index: '1', version: V1 } });
  });
});
