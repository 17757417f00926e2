/**
 * What the entries really load, on real-rpm roots (test/helpers/boot-root.ts):
 * the BLS `linux` line rather than its `version` (class 3), links GRUB cannot
 * follow because it reads only the /boot file system (class 5), and the files
 * and root= a kernel needs beyond its entry (class 7).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootCheck, expectFailure, rhelRoot } from '../helpers/boot-root.js';
import { needTools } from '../helpers/tools.js';

function edit(file: string, from: RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(file, text.replace(from, to));
}

describe.runIf(needTools('rpm', 'rpmbuild', 'grub-editenv'))('boot verdict: the files the entries really load', () => {
  it("class 3: a BLS entry whose version says the new kernel but whose linux loads the old one does not count for it", async () => {
    const m = await rhelRoot();
    edit(m.at(m.entry2), /^linux .*$/m, `linux /vmlinuz-${m.k1}`);
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'new-entry', '/boot/grub2/grub.cfg', new RegExp(`no entry in /boot/grub2/grub.cfg boots ${m.k2} \\(entries are matched by the kernel file they load\\)`));
  });

  it('class 3: a short version (no architecture) is accepted when linux loads the new kernel', async () => {
    const m = await rhelRoot();
    edit(m.at(m.entry2), /^version .*$/m, 'version 6.1.12-1');
    const v = await bootCheck(m.root, m.k1);
    expect(v.line, v.text).toBe('safe to reboot');
    expect(v.json.newEntry?.version).toBe(m.k2);
  });

  it('class 5: a kernel link with an absolute target does not resolve on the /boot partition; a relative one does', async () => {
    const m = await rhelRoot();
    mkdirSync(m.at('boot/kernels'));
    renameSync(m.at(`boot/vmlinuz-${m.k2}`), m.at(`boot/kernels/vmlinuz-${m.k2}`));
    symlinkSync(`/boot/kernels/vmlinuz-${m.k2}`, m.at(`boot/vmlinuz-${m.k2}`)); // Linux resolves it; GRUB looks for /boot/kernels on /boot
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'new-kernel-image', `/boot/vmlinuz-${m.k2}`, /is a symbolic link \(.* -> \/boot\/kernels\/.*\) that the boot loader cannot follow: it reads only the file system mounted on \/boot, where the link names \/boot\/boot\/kernels\//);
    rmSync(m.at(`boot/vmlinuz-${m.k2}`));
    symlinkSync(`kernels/vmlinuz-${m.k2}`, m.at(`boot/vmlinuz-${m.k2}`));
    const ok = await bootCheck(m.root, m.k1);
    expect(ok.line, ok.text).toBe('safe to reboot');
  });

  it('class 5: an initramfs link that leaves /boot does not resolve at boot', async () => {
    const m = await rhelRoot();
    const img = `initramfs-${m.k2}.img`;
    mkdirSync(m.at('var/lib/initramfs'), { recursive: true });
    renameSync(m.at(`boot/${img}`), m.at(`var/lib/initramfs/${img}`));
    symlinkSync(`../var/lib/initramfs/${img}`, m.at(`boot/${img}`));
    expectFailure(await bootCheck(m.root, m.k1), 'new-initrd', `/boot/${img}`, new RegExp(`initrd /boot/${img.replace(/\./g, '\\.')} is a symbolic link .* that the boot loader cannot follow`));
  });

  it('class 5: a grubenv link that leaves /boot loads nothing at boot: $kernelopts is then empty', async () => {
    const m = await rhelRoot();
    edit(m.at(m.entry2), /^options .*$/m, 'options $kernelopts');
    edit(m.at('boot/grub2/grub.cfg'), /if \[ -z "\$\{kernelopts\}" \]; then\n.*\nfi\n/, '');
    expect((await bootCheck(m.root, m.k1)).line).toBe('safe to reboot'); // grubenv holds kernelopts
    mkdirSync(m.at('var/lib/grub'), { recursive: true });
    renameSync(m.at('boot/grub2/grubenv'), m.at('var/lib/grub/grubenv'));
    symlinkSync('../../var/lib/grub/grubenv', m.at('boot/grub2/grubenv'));
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'new-root', '/boot/grub2/grubenv', /\$kernelopts, which expands to nothing/);
    expect(v.check('grubenv').finding).toMatch(/^\/boot\/grub2\/grubenv is a symbolic link .* GRUB's load_env loads nothing/);
  });

  it('class 5: a grub.cfg that is a link leaving /boot is no menu to GRUB', async () => {
    const m = await rhelRoot();
    mkdirSync(m.at('etc/grub2'), { recursive: true });
    renameSync(m.at('boot/grub2/grub.cfg'), m.at('etc/grub2/grub.cfg'));
    symlinkSync('../../etc/grub2/grub.cfg', m.at('boot/grub2/grub.cfg'));
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'config', '/boot/grub2/grub.cfg', /cannot be read by GRUB: \/boot\/grub2\/grub\.cfg is a symbolic link .* it reads only the file system mounted on \/boot/);
    expect(v.line).toBe('do not reboot: /boot/grub2/grub.cfg is a link GRUB cannot follow: GRUB stops at its prompt');
  });

  it("class 7: the running kernel's /lib/modules folder missing: the way back is broken", async () => {
    const m = await rhelRoot();
    rmSync(m.at(`lib/modules/${m.k1}`), { recursive: true });
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'fallback-entry', `/lib/modules/${m.k1}`, /the known-good kernel would boot without its modules/);
  });

  it('class 7: the new vmlinuz cut short (not empty): rpm -V finds its size and digest differ', async () => {
    const m = await rhelRoot();
    const file = m.at(`boot/vmlinuz-${m.k2}`);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(statSync(file).size).toBeGreaterThan(0);
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'new-kernel-image', `/boot/vmlinuz-${m.k2}`, new RegExp(`'rpm -V -f /boot/vmlinuz-${m.k2.replace(/\./g, '\\.')}' says its size and digest differ from the rpm database`));
    expect(v.check('new-kernel-image').reason).toContain('rpm -V');
  });

  it("class 7: the new entry's root= names a UUID that /etc/fstab does not mount", async () => {
    const m = await rhelRoot();
    expect((await bootCheck(m.root, m.k1)).check('new-root').finding).toContain("root=/dev/mapper/rl-root: the running kernel's entry");
    edit(m.at(m.entry2), /^options .*$/m, 'options root=UUID=0badc0de-0000-4000-8000-00000000dead ro');
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'new-root', '/etc/fstab', /root=UUID=0badc0de-.* names no file system of this machine \(\/etc\/fstab:1 mounts \/dev\/mapper\/rl-root on \//);
  });
});
