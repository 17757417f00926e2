/**
 * saferpm reboot --trial on temporary roots patched from v1 to v2 through
 * saferpm with the real rpm: the gate (nothing changes when it refuses), the
 * pin and the arming with the real grub-editenv, read back; the reboot
 * command is a recorder that fails on anything it was not told.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { recordedCalls, writeRecorder } from '../helpers/recorder.js';
import { saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { treeFingerprint } from '../helpers/tree.js';
import { grubenv, machineFrom, makeTrialTemplate, MID, useMenuentryConfig, V1, V2, writePlan } from '../helpers/trial-root.js';

let template: string;

function machine(rebootArgs: string[] = ['--no-wall', 'reboot']): { root: string; calls: string } {
  const root = machineFrom(template);
  const dir = tempDir('saferpm-trial-rec-');
  const calls = path.join(dir, 'calls');
  const file = writeRecorder({ dir, label: 'reboot', calls, expectArgs: ['--no-wall', 'reboot'], requireFiles: [path.join(root, 'var/lib/saferpm/RECOVERY.txt'), path.join(root, 'var/lib/saferpm/trial/current.json')] });
  writePlan(root, ['[policy]', `reboot_command = ${JSON.stringify([file, ...rebootArgs])}`, '[trial]', 'deadline_minutes = 7']);
  return { root, calls };
}

function current(root: string): Record<string, unknown> & { steps: { step: string; ok: boolean; detail: string }[] } {
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/trial/current.json'), 'utf8'));
}

describe.runIf(needTools('rpm', 'rpmbuild', 'grub-editenv'))('saferpm reboot --trial', () => {
  beforeAll(async () => {
    template = await makeTrialTemplate();
  });
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });

  it('BLS: the note first, then the trial entry, saved_entry pinned on v1, next_entry on the trial entry, then the reboot once', async () => {
    const { root, calls } = machine();
    const r = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(recordedCalls(calls).map((c) => c.label)).toEqual(['reboot']);
    const t = current(root);
    const id = t.id as string;
    expect(t).toMatchObject({ schema: 'saferpm.trial/1', status: 'armed', kernel: V2, knownGood: V1, loader: 'grub2', knownGoodEntry: `${MID}-${V1}`, newEntry: `${MID}-${V2}`, savedEntryBefore: `${MID}-${V2}`, deadlineMinutes: 7 });
    expect(t.steps.map((s) => s.step)).toEqual(['entry', 'pin', 'arm', 'verify']);
    expect(grubenv(root)).toMatchObject({ saved_entry: `${MID}-${V1}`, next_entry: `saferpm-trial-${id}` });
    expect(statSync(path.join(root, 'boot/grub2/grubenv')).size).toBe(1024);
    const entry = readFileSync(path.join(root, `boot/loader/entries/saferpm-trial-${id}.conf`), 'utf8');
    expect(entry).toContain(`title Fake Linux (${V2}) (saferpm trial ${id})`);
    expect(entry).toContain(`options root=/dev/vda2 ro panic=10 rd.emergency=reboot systemd.crash_reboot=1 saferpm.trial=${id}\n`);
    expect(r.stdout).toContain(`trial ${id} armed: the next boot starts ${V2} once`);
    const note = readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8');
    expect(note).toContain('TRIAL BOOT');
    expect(note.replace(/\s+/g, ' ')).toContain(`machine reboots into ${V1} by itself`);
    const log = readFileSync(path.join(root, 'var/lib/saferpm/reboots.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toMatchObject([{ action: 'reboot', trial: id, kernel: V2, runningKernel: V1 }]);
    // an independent reader: saferpm boot info sees the trial entry next, once
    const info = await saferpm(['boot', 'info', '--root', root, '--json']);
    const j = JSON.parse(info.stdout) as { default: { from: string; oneTime: boolean; entry: number }; entries: { id: string; args: string }[] };
    expect(j.default).toMatchObject({ from: 'next_entry', oneTime: true });
    expect(j.entries[j.default.entry]).toMatchObject({ id: `saferpm-trial-${id}` });
  });

  it('UPDATEDEFAULT=yes is held at no until the verdict; a failing reboot command abandons the trial and puts it back', async () => {
    const { root, calls } = machine(['now']);
    mkdirSync(path.join(root, 'etc/sysconfig'));
    writeFileSync(path.join(root, 'etc/sysconfig/kernel'), 'UPDATEDEFAULT=yes\nDEFAULTKERNEL=kernel-core\n');
    const r = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1]);
    expect(r.exitCode).toBe(EXIT.UNAVAILABLE);
    expect(recordedCalls(calls).map((c) => c.label)).toEqual(['UNEXPECTED:reboot']);
    expect(r.stderr).toMatch(/warning: trial \S+ abandoned: the trial entry is removed and the default stays/);
    expect(existsSync(path.join(root, 'var/lib/saferpm/trial/current.json'))).toBe(false);
    const [file] = readdirSync(path.join(root, 'var/lib/saferpm/trial')).filter((n) => /^\d.*\.json$/.test(n));
    const t = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/trial', file as string), 'utf8'));
    expect(t).toMatchObject({ status: 'abandoned', reason: 'the reboot command failed: exit 97', updateDefault: { file: '/etc/sysconfig/kernel', before: 'UPDATEDEFAULT=yes' } });
    expect(t.steps.map((s: { step: string }) => s.step)).toEqual(['entry', 'hold-updatedefault', 'pin', 'arm', 'verify', 'remove-entry', 'release-updatedefault', 'clear-next-entry', 'abandon']);
    expect(readFileSync(path.join(root, 'etc/sysconfig/kernel'), 'utf8')).toBe('UPDATEDEFAULT=yes\nDEFAULTKERNEL=kernel-core\n');
    expect(readdirSync(path.join(root, 'boot/loader/entries')).sort()).toEqual([`${MID}-${V1}.conf`, `${MID}-${V2}.conf`]);
    const env = grubenv(root);
    expect(env.saved_entry).toBe(`${MID}-${V1}`);
    expect(env.next_entry).toBeUndefined();
  });

  it('the kernel-install/grubby default is held while armed: /etc/sysconfig/kernel says no', async () => {
    const { root } = machine();
    mkdirSync(path.join(root, 'etc/sysconfig'));
    writeFileSync(path.join(root, 'etc/sysconfig/kernel'), '# comment\nUPDATEDEFAULT="yes"\n');
    const r = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(readFileSync(path.join(root, 'etc/sysconfig/kernel'), 'utf8')).toBe('# comment\nUPDATEDEFAULT=no # saferpm trial in progress; put back at the verdict\n');
  });

  it('grub.cfg with menuentries (grub2-mkconfig style): the trial entry is a marked block in custom.cfg', async () => {
    const { root, calls } = machine();
    useMenuentryConfig(root);
    const r = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(recordedCalls(calls)).toHaveLength(1);
    const t = current(root);
    const id = t.id as string;
    expect(t).toMatchObject({ loader: 'grub2', knownGoodEntry: `gnulinux-${V1}-advanced-root`, newEntry: `gnulinux-${V2}-advanced-root`, trialEntry: { kind: 'custom-cfg', file: '/boot/grub2/custom.cfg', created: true } });
    const custom = readFileSync(path.join(root, 'boot/grub2/custom.cfg'), 'utf8');
    expect(custom).toContain(`menuentry 'Fake Linux, with Linux ${V2} (saferpm trial ${id})' --id 'saferpm-trial-${id}' {`);
    expect(custom).toContain(`\tlinux\t/boot/vmlinuz-${V2} root=/dev/vda2 ro console=ttyS0 panic=10 rd.emergency=reboot systemd.crash_reboot=1 saferpm.trial=${id}\n`);
    expect(grubenv(root)).toMatchObject({ saved_entry: `gnulinux-${V1}-advanced-root`, next_entry: `saferpm-trial-${id}` });
    expect(t.steps.find((s) => s.step === 'verify')?.detail).toContain(`then: 'Fake Linux, with Linux ${V1}' by default (saved_entry)`);
  });

  it('--dry-run: the gate and the note, nothing written under /boot, no reboot', async () => {
    const { root, calls } = machine();
    const before = [treeFingerprint(path.join(root, 'boot/loader')), treeFingerprint(path.join(root, 'boot/grub2'))];
    const r = await saferpm(['reboot', '--trial', '--dry-run', '--root', root, '--running-kernel', V1]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(r.stdout).toMatch(new RegExp(`dry run: would arm trial \\S+: ${V2} once, ${V1} stays the default`));
    expect(r.stdout).toContain('Trial boot gate:');
    expect([treeFingerprint(path.join(root, 'boot/loader')), treeFingerprint(path.join(root, 'boot/grub2'))]).toEqual(before);
    expect(existsSync(path.join(root, 'var/lib/saferpm/trial/current.json'))).toBe(false);
    expect(recordedCalls(calls)).toEqual([]);
  });

  const refusals: [string, (root: string) => void, RegExp][] = [
    ['grubenv on btrfs', (root) => writeFileSync(path.join(root, 'etc/fstab'), '/dev/vda2 / btrfs subvol=root 0 0\n'), /GRUB cannot write to btrfs/],
    ['grubenv on md RAID', (root) => writeFileSync(path.join(root, 'etc/fstab'), '/dev/md0 / xfs defaults 0 0\n'), /md RAID/],
    ['grubenv on LVM', (root) => writeFileSync(path.join(root, 'etc/fstab'), '/dev/mapper/rl-root / xfs defaults 0 0\n'), /device-mapper \(LVM or LUKS\)/],
    ['grubenv on a device fstab names only by UUID', (root) => writeFileSync(path.join(root, 'etc/fstab'), 'UUID=0b9e7a51-6e3d-4d0a-9d55-0c6a0b2d2f11 / xfs defaults 0 0\n'), /cannot tell which device/],
    ['a separate /boot on LVM, / on a plain disk', (root) => writeFileSync(path.join(root, 'etc/fstab'), '/dev/vda2 / xfs defaults 0 0\n/dev/vg0/boot /boot ext4 defaults 1 2\n'), /\/dev\/vg0\/boot on \/boot .*device-mapper/],
    ['grubenv resized by an editor (1025 bytes)', (root) => writeFileSync(path.join(root, 'boot/grub2/grubenv'), '#', { flag: 'a' }), /1025 bytes, not 1024/],
    ['grubenv missing', (root) => rmSync(path.join(root, 'boot/grub2/grubenv')), /no grubenv/],
    ['BLS ids of another machine-id (a clone)', (root) => writeFileSync(path.join(root, 'etc/machine-id'), 'fedcba9876543210fedcba9876543210\n'), /not named fedcba9876543210fedcba9876543210-<version>/],
    ['an empty new initramfs', (root) => truncateSync(path.join(root, `boot/initramfs-${V2}.img`), 0), /initramfs/],
  ];

  it.each(refusals)('refused, nothing under /boot changed, no reboot: %s', async (_what, spoil, finding) => {
    const { root, calls } = machine();
    spoil(root);
    const before = [treeFingerprint(path.join(root, 'boot/loader')), treeFingerprint(path.join(root, 'boot/grub2'))];
    const r = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1]);
    expect([EXIT.REFUSED, EXIT.BOOT_UNSAFE]).toContain(r.exitCode);
    expect(r.stdout + r.stderr).toMatch(finding);
    expect(r.stderr).toContain('saferpm: error: not rebooting');
    expect([treeFingerprint(path.join(root, 'boot/loader')), treeFingerprint(path.join(root, 'boot/grub2'))]).toEqual(before);
    expect(recordedCalls(calls)).toEqual([]);
    expect(existsSync(path.join(root, 'var/lib/saferpm/trial/current.json'))).toBe(false);
    const log = readFileSync(path.join(root, 'var/lib/saferpm/reboots.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toMatchObject([{ action: 'refused' }]);
  });
});
