/**
 * saferpm boot info / boot check as users run them (the built CLI), on the
 * fixture roots of every format: exit codes, the grubby-compatible single
 * values, and --json.
 */
import { cpSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/paths.js';
import { saferpm, tempDir } from '../helpers/roots.js';

const ROOTS = path.join(FIXTURES, 'boot/roots');
const root = (name: string): string => path.join(ROOTS, name);
const V1 = '6.1.10-1.x86_64';
const V2 = '6.1.12-1.x86_64';

/** lilo-healthy with the map written after everything else. */
function liloRoot(): string {
  const r = path.join(tempDir(), 'root');
  cpSync(root('lilo-healthy'), r, { recursive: true });
  const now = Date.now() / 1000;
  utimesSync(path.join(r, 'boot/map'), now, now);
  return r;
}

describe('saferpm boot info --default-kernel/--default-index/--default-title on every format', () => {
  it.each([
    ['grub2-bls-healthy', [], `/boot/vmlinuz-${V2}`, '0', `Rocky Linux (${V2}) 9.4 (Blue Onyx)`],
    ['grub2-menuentry-boot-folder-of-root', [], `/boot/vmlinuz-${V2}`, '1>0', `Fedora Linux, with Linux ${V2}`],
    ['grub-legacy-healthy', [], `/boot/vmlinuz-${V2}`, '0', `CentOS (${V2})`],
    ['extlinux-healthy', [], `/boot/vmlinuz-${V2}`, '0', `Fedora (${V2})`],
    ['bls-only-healthy', ['--type', 'bls', '--config', '/boot/loader/entries'], `/boot/vmlinuz-${V1}`, '1', `Rocky Linux (${V1}) 9.4 (Blue Onyx)`],
  ])('%s', async (name, extra, kernel, index, title) => {
    // Every format answers --default-kernel; the index and the title come from the same resolution (asserted in the unit tests).
    const r = await saferpm(['boot', 'info', '--root', root(name), ...extra, '--default-kernel']);
    expect(r.stderr).toBe('');
    expect([r.exitCode, r.stdout]).toEqual([0, kernel]);
    if (name !== 'grub2-menuentry-boot-folder-of-root') return;
    for (const [flag, want] of [['--default-index', index], ['--default-title', title]] as const) {
      expect((await saferpm(['boot', 'info', '--root', root(name), flag])).stdout).toBe(want);
    }
  });

  it('lilo-healthy: the label that default= names', async () => {
    const r = await saferpm(['boot', 'info', '--root', liloRoot(), '--default-title']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'linux']);
  });

  it('--config and --type read a file inside the root; --boot-prefix overrides the mounts', async () => {
    const r = await saferpm(['boot', 'info', '--root', root('grub-legacy-healthy'), '--config', '/boot/grub/grub.conf', '--type', 'grub', '--boot-prefix', '/', '--default-kernel']);
    expect([r.exitCode, r.stdout]).toEqual([0, `/vmlinuz-${V2}`]);
  });
});

describe('saferpm boot info', () => {
  it('human output lists the entries and marks the next boot', async () => {
    const r = await saferpm(['boot', 'info', '--root', root('grub2-bls-healthy')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^GRUB 2: \/boot\/grub2\/grub.cfg\n/);
    expect(r.stdout).toContain(`* 0  Rocky Linux (${V2}) 9.4 (Blue Onyx)\n     id      0123456789abcdef0123456789abcdef-${V2}`);
    expect(r.stdout).toContain(`  1  Rocky Linux (${V1}) 9.4 (Blue Onyx)`);
  });

  it('--json is the documented saferpm.boot-config/1 object', async () => {
    const r = await saferpm(['boot', 'info', '--root', root('grub2-bls-healthy'), '--json']);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schema: 'saferpm.boot-config/1', loader: 'grub2', configFile: '/boot/grub2/grub.cfg', envFile: '/boot/grub2/grubenv', blsDir: '/boot/loader/entries', nextBoot: { index: '0', version: V2 } });
    expect(j.env.saved_entry).toBe(`0123456789abcdef0123456789abcdef-${V2}`);
    expect(j.entries).toHaveLength(2);
  });

  it('no configuration: exit 66 and a hint naming --config and --type', async () => {
    const r = await saferpm(['boot', 'info', '--root', tempDir()]);
    expect(r.exitCode).toBe(66);
    expect(r.stderr).toMatch(/no boot loader configuration found/);
    expect(r.stderr).toMatch(/hint: give --config FILE --type grub\|grub2\|bls\|lilo\|extlinux/);
  });

  it('a bad --type or --boot-prefix is a usage error (64)', async () => {
    const t = await saferpm(['boot', 'info', '--root', root('grub2-bls-healthy'), '--type', 'elilo']);
    expect(t.exitCode).toBe(64);
    expect(t.stderr).toMatch(/--type elilo is not a boot loader saferpm reads/);
    const p = await saferpm(['boot', 'info', '--root', root('grub2-bls-healthy'), '--boot-prefix', '/efi']);
    expect(p.exitCode).toBe(64);
  });

  it('an unparsable grub.cfg: exit 65 with the file, line and column', async () => {
    const r = await saferpm(['boot', 'info', '--root', root('broken-config-if-never-closed')]);
    expect(r.exitCode).toBe(65);
    expect(r.stderr).toBe("saferpm: error: /boot/grub2/grub.cfg:1:1: 'if' opened at line 1 is never closed by 'fi'");
  });
});

describe('saferpm boot check', () => {
  it('safe: exit 0, last line "safe to reboot"', async () => {
    const r = await saferpm(['boot', 'check', '--root', root('grub2-bls-healthy'), '--running-kernel', V1]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').pop()).toBe('safe to reboot');
  });

  it('unsafe: exit 80, the reason on the last line', async () => {
    const r = await saferpm(['boot', 'check', '--root', root('broken-running-kernel-entry-removed'), '--running-kernel', V1]);
    expect(r.exitCode).toBe(80);
    expect(r.stdout.split('\n').pop()).toBe(`do not reboot: no entry for running ${V1} in /boot/grub2/grub.cfg`);
  });

  it('--json gives the same verdict and every check', async () => {
    const r = await saferpm(['boot', 'check', '--root', root('broken-new-initramfs-missing'), '--running-kernel', V1, '--json']);
    expect(r.exitCode).toBe(80);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ schema: 'saferpm.boot-verdict/1', safe: false, kernel: V2, runningKernel: V1, loader: 'grub2' });
    expect(v.checks).toHaveLength(20);
    expect(v.checks.find((c: { id: string }) => c.id === 'new-initrd')).toMatchObject({ level: 'required', status: 'fail', reason: 'new initramfs missing or empty' });
    expect(v.reasons).toEqual(['new initramfs missing or empty', 'next boot entry 0 misses files']);
  });

  it('--kernel checks another kernel', async () => {
    const r = await saferpm(['boot', 'check', '--root', root('grub2-bls-healthy'), '--running-kernel', V1, '--kernel', '9.9.9-1.x86_64']);
    expect(r.exitCode).toBe(80);
    expect(r.stdout).toMatch(/do not reboot: no entry for 9\.9\.9-1\.x86_64 in \/boot\/grub2\/grub\.cfg \(\+1 more, see FAIL above\)$/);
  });

  it('LILO: a map older than lilo.conf means "run /sbin/lilo"', async () => {
    const r = liloRoot();
    const past = Date.now() / 1000 - 3600;
    utimesSync(path.join(r, 'boot/map'), past, past);
    const out = await saferpm(['boot', 'check', '--root', r, '--running-kernel', V1]);
    expect(out.exitCode).toBe(80);
    expect(out.stdout.split('\n').pop()).toBe('do not reboot: LILO map stale: run /sbin/lilo');
    expect(out.stdout.replace(/\s+/g, ' ')).toContain(`run '/sbin/lilo -r ${r}' before rebooting`);
  });
});
