/**
 * The menu GRUB 2 really reads, on real-rpm roots (test/helpers/boot-root.ts):
 * no grub.cfg at all (class 1), the UEFI menu on the EFI system partition and
 * RHEL 9's configfile stub (class 2), `$kernelopts` expanding to nothing
 * (class 4), and a menu that never boots unattended (class 6).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPSTREAM } from '../helpers/paths.js';
import { BOOT_UUID, bootCheck, expectFailure, rhelRoot } from '../helpers/boot-root.js';
import { needTools } from '../helpers/tools.js';

const RHEL9_STUB = path.join(UPSTREAM, 'bls/insights-rhel9-uefi/boot/efi/EFI/redhat/grub.cfg');

describe.runIf(needTools('rpm', 'rpmbuild', 'grub-editenv'))('boot verdict: the GRUB 2 menu that is really read', () => {
  it('class 1: GRUB 2 installed (grubenv) with BLS entries but no grub.cfg: do not reboot, naming grub.cfg', async () => {
    const m = await rhelRoot();
    expect((await bootCheck(m.root, m.k1)).line).toBe('safe to reboot');
    rmSync(m.at('boot/grub2/grub.cfg'));
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'config', '/boot/grub2/grub.cfg', /GRUB 2 is installed \(\/boot\/grub2\/grubenv\).*blscfg.*stops at its prompt/);
    expect(v.line).toBe('do not reboot: /boot/grub2/grub.cfg missing: GRUB stops at its prompt');
  });

  it('class 2, RHEL 8 UEFI: the ESP grub.cfg is the real menu; it lists only the old kernel although the BIOS grub.cfg was updated', async () => {
    const m = await rhelRoot();
    mkdirSync(m.at('boot/efi/EFI/redhat'), { recursive: true });
    writeFileSync(m.at('boot/efi/EFI/redhat/grubx64.efi'), 'fake GRUB EFI image\n');
    writeFileSync(m.at('boot/efi/EFI/redhat/grub.cfg'), [
      'set timeout=5',
      'set default=0',
      `menuentry 'Fake Linux (${m.k1})' --id 'linux-${m.k1}' {`,
      `  linuxefi /vmlinuz-${m.k1} root=/dev/mapper/rl-root ro`,
      `  initrdefi /initramfs-${m.k1}.img`,
      '}',
      '',
    ].join('\n'));
    const v = await bootCheck(m.root, m.k1);
    expect(v.json.configFile).toBe('/boot/efi/EFI/redhat/grub.cfg');
    expect(v.json.firmware).toEqual({ kind: 'uefi', why: 'GRUB is installed on the EFI system partition (/boot/efi/EFI/redhat/grub.cfg)' });
    expect(v.text).toContain('firmware');
    expectFailure(v, 'new-entry', '/boot/efi/EFI/redhat/grub.cfg', new RegExp(`no entry in /boot/efi/EFI/redhat/grub.cfg boots ${m.k2}`));
    expect(v.json.nextBoot?.version).toBe(m.k1);
  });

  it('class 2, RHEL 9 UEFI: the ESP stub is followed to /boot/grub2/grub.cfg (safe); a stub whose target is missing: do not reboot', async () => {
    const m = await rhelRoot();
    mkdirSync(m.at('boot/efi/EFI/redhat'), { recursive: true });
    // The real RHEL 9.5 stub, pointed at this root's /boot file system.
    writeFileSync(m.at('boot/efi/EFI/redhat/grub.cfg'), readFileSync(RHEL9_STUB, 'utf8').replace(/--set=dev \S+/, `--set=dev ${BOOT_UUID}`));
    const safe = await bootCheck(m.root, m.k1);
    expect(safe.line, safe.text).toBe('safe to reboot');
    expect(safe.json).toMatchObject({ configFile: '/boot/grub2/grub.cfg', loadedBy: '/boot/efi/EFI/redhat/grub.cfg', firmware: { kind: 'uefi' } });
    expect(safe.text.replace(/\s+/g, ' ')).toContain('/boot/efi/EFI/redhat/grub.cfg loads /boot/grub2/grub.cfg (configfile)');

    rmSync(m.at('boot/grub2/grub.cfg'));
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'config', '/boot/grub2/grub.cfg (loaded by /boot/efi/EFI/redhat/grub.cfg)', /hands over to it \(configfile\): GRUB finds no menu and stops at its prompt/);
  });

  it('class 2: a root with no GRUB on an EFI system partition is judged as BIOS, and says so', async () => {
    const m = await rhelRoot();
    const v = await bootCheck(m.root, m.k1);
    expect(v.json.firmware?.kind).toBe('bios');
    expect(v.json.configFile).toBe('/boot/grub2/grub.cfg');
  });

  it('class 4: options $kernelopts with no kernelopts in grubenv and no fallback set in grub.cfg: no root=, do not reboot', async () => {
    const m = await rhelRoot();
    const entry = m.at(m.entry2);
    writeFileSync(entry, readFileSync(entry, 'utf8').replace(/^options .*$/m, 'options $kernelopts'));
    expect((await bootCheck(m.root, m.k1)).line).toBe('safe to reboot'); // grubenv has kernelopts
    await m.grubenv('unset', 'kernelopts');
    expect((await bootCheck(m.root, m.k1)).line).toBe('safe to reboot'); // grub.cfg's fallback `set kernelopts=` still applies
    const cfg = m.at('boot/grub2/grub.cfg');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/if \[ -z "\$\{kernelopts\}" \]; then\n.*\nfi\n/, ''));
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'new-root', '/boot/grub2/grubenv', /uses \$kernelopts, which expands to nothing .*no root=/);
    expect(v.check('new-root').reason).toContain('/boot/grub2/grub.cfg');
  });

  it('class 6: timeout=-1 (and no timeout at all) never boots unattended', async () => {
    const m = await rhelRoot();
    const cfg = m.at('boot/grub2/grub.cfg');
    const text = readFileSync(cfg, 'utf8');
    writeFileSync(cfg, `${text}set timeout=-1\n`);
    const lines = text.split('\n').length;
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'unattended', `/boot/grub2/grub.cfg:${lines}`, /timeout=-1: GRUB waits at its menu for a key \(GRUB manual/);
    writeFileSync(cfg, text.replace(/^set timeout=5$/m, ''));
    expectFailure(await bootCheck(m.root, m.k1), 'unattended', '/boot/grub2/grub.cfg', /never sets timeout: .*unset waits indefinitely/);
  });

  it('class 6: superusers set and the next entry without --unrestricted asks for a password; with it, safe', async () => {
    const m = await rhelRoot();
    const menu = (unrestricted: string): string => [
      'set timeout=5',
      'set superusers="root"',
      'password_pbkdf2 root grub.pbkdf2.sha512.10000.00',
      'set default=0',
      `menuentry 'Fake Linux (${m.k2})' ${unrestricted}{`,
      `  linux /vmlinuz-${m.k2} root=/dev/mapper/rl-root ro`,
      `  initrd /initramfs-${m.k2}.img`,
      '}',
      `menuentry 'Fake Linux (${m.k1})' --unrestricted {`,
      `  linux /vmlinuz-${m.k1} root=/dev/mapper/rl-root ro`,
      `  initrd /initramfs-${m.k1}.img`,
      '}',
      '',
    ].join('\n');
    writeFileSync(m.at('boot/grub2/grub.cfg'), menu(''));
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'unattended', '/boot/grub2/grub.cfg', /has no --unrestricted .*superusers=root .*asks for a password/);
    writeFileSync(m.at('boot/grub2/grub.cfg'), menu('--unrestricted '));
    expect((await bootCheck(m.root, m.k1)).line).toBe('safe to reboot');
  });

  it('class 6: a BLS entry with grub_users and without grub_arg --unrestricted, once user.cfg sets a password', async () => {
    const m = await rhelRoot();
    const cfg = m.at('boot/grub2/grub.cfg');
    // 01_users as grub2-mkconfig writes it on RHEL; user.cfg as grub2-setpassword writes it.
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('insmod blscfg', [
      'if [ -f ${prefix}/user.cfg ]; then',
      '  source ${prefix}/user.cfg',
      '  if [ -n "${GRUB2_PASSWORD}" ]; then',
      '    set superusers="root"',
      '    export superusers',
      '    password_pbkdf2 root ${GRUB2_PASSWORD}',
      '  fi',
      'fi',
      'insmod blscfg',
    ].join('\n')));
    writeFileSync(m.at('boot/grub2/user.cfg'), 'GRUB2_PASSWORD=grub.pbkdf2.sha512.10000.00\n');
    const entry = m.at(m.entry2);
    const original = readFileSync(entry, 'utf8');
    writeFileSync(entry, `${original}grub_users $grub_users\ngrub_arg --unrestricted\n`);
    expect((await bootCheck(m.root, m.k1)).line).toBe('safe to reboot');
    writeFileSync(entry, `${original}grub_users $grub_users\n`);
    expectFailure(await bootCheck(m.root, m.k1), 'unattended', m.entry2, /asks for a password/);
  });
});
