/**
 * The pure parts of the boot verdict rules of issue 12, on real text: the
 * RHEL 9.5 UEFI host and RHEL 8 entries (../shared/fixtures/upstream/bls),
 * leapp's RHEL 8 grub.cfg, grubby's GRUB legacy and LILO test files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGrubStub, stubTarget } from '../../../src/bootloader/detect-grub2.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import { parseBlsEntry } from '../../../src/bootloader/parse-bls.js';
import { parseBlsOnly } from '../../../src/bootloader/bls-entries.js';
import { parseGrubEnv } from '../../../src/bootloader/parse-grubenv.js';
import { normalizeRootSpec } from '../../../src/bootloader/checks/root-device.js';
import type { BootPrefix } from '../../../src/bootloader/model.js';
import { UPSTREAM } from '../../helpers/paths.js';

const up = (rel: string): string => readFileSync(path.join(UPSTREAM, rel), 'utf8');
const BOOT: BootPrefix = { prefix: '/boot', source: 'option', detail: 'test' };
const NO_BOOT: BootPrefix = { prefix: '/', source: 'option', detail: 'test' };
const RHEL9 = 'bls/insights-rhel9-uefi';
const RHEL9_ENTRY = `${RHEL9}/boot/loader/entries/3b1bf67095e94696b600ed25416e97a8-5.14.0-503.11.1.el9_5.x86_64.conf`;
const RHEL9_RESCUE = `${RHEL9}/boot/loader/entries/3b1bf67095e94696b600ed25416e97a8-0-rescue.conf`;

describe('the menu UEFI GRUB reads: the RHEL 9 stub', () => {
  const stub = up(`${RHEL9}/boot/efi/EFI/redhat/grub.cfg`);

  it('the ESP file of RHEL 9 is a stub; a real grub.cfg (leapp, RHEL 8) is not', () => {
    expect(isGrubStub(stub)).toBe(true);
    expect(isGrubStub(up('bls/leapp-repository/valid_grub.cfg'))).toBe(false);
    expect(isGrubStub(up(`${RHEL9}/boot/grub2/grub.cfg`))).toBe(false);
  });

  it("its configfile target is $prefix/grub.cfg on the file system search --fs-uuid finds, mapped through /etc/fstab", () => {
    expect(stubTarget(stub, 'UUID=5430c32f-3d13-477b-bb2b-13578b92bce8 /boot xfs defaults 0 0\n', NO_BOOT)).toBe('/boot/grub2/grub.cfg');
    // The same UUID mounted on /: GRUB's ($dev)/grub2 is /grub2 there, not /boot/grub2.
    expect(stubTarget(stub, 'UUID=5430C32F-3D13-477B-BB2B-13578B92BCE8 / xfs defaults 0 0\n', BOOT)).toBe('/grub2/grub.cfg');
    // No fstab line for it: the /boot file system.
    expect(stubTarget(stub, undefined, BOOT)).toBe('/boot/grub2/grub.cfg');
  });
});

describe('unattended boot and passwords in real GRUB 2 configurations', () => {
  const rhel9 = up(`${RHEL9}/boot/grub2/grub.cfg`);
  const entries = [parseBlsEntry(up(RHEL9_ENTRY), '/boot/loader/entries/a-5.14.0-503.11.1.el9_5.x86_64.conf')];

  it("leapp's RHEL 8 grub.cfg counts down 10 s; the RHEL 9 host's 5 s", () => {
    expect(parseGrub2(up('bls/leapp-repository/valid_grub.cfg'), '/boot/grub2/grub.cfg').unattended).toMatchObject({ waits: false, note: expect.stringContaining('timeout=10: GRUB boots the default after 10 s') });
    expect(parseGrub2(rhel9, '/boot/grub2/grub.cfg', { bls: entries }).unattended?.waits).toBe(false);
  });

  it('the same grub.cfg with the timeout lines removed waits forever (GRUB manual: unset waits indefinitely)', () => {
    const u = parseGrub2(rhel9.replace(/^\s*set timeout=.*$/gm, ''), '/boot/grub2/grub.cfg', { bls: entries }).unattended;
    expect(u).toMatchObject({ waits: true, note: '/boot/grub2/grub.cfg never sets timeout: GRUB waits at its menu for a key (GRUB manual, \'timeout\': unset waits indefinitely)' });
  });

  it("01_users sets superusers only when user.cfg holds GRUB2_PASSWORD; RHEL's BLS entries stay bootable (grub_arg --unrestricted)", () => {
    const none = parseGrub2(rhel9, '/boot/grub2/grub.cfg', { bls: entries, configDir: '/grub2', exists: () => false });
    expect(none.unattended?.passwordSet).toBeUndefined();
    const includes = new Map([['/grub2/user.cfg', 'GRUB2_PASSWORD=grub.pbkdf2.sha512.10000.AB\n']]);
    const locked = parseGrub2(rhel9, '/boot/grub2/grub.cfg', { bls: entries, configDir: '/grub2', includes, exists: (p) => p === '/grub2/user.cfg' });
    expect(locked.unattended?.passwordSet).toMatch(/^superusers=root/);
    expect(locked.entries[0]).toMatchObject({ restricted: false });
    // The firmware-setup menuentry has no --unrestricted: superusers only.
    expect(locked.entries.find((e) => e.id === 'uefi-firmware')).toBeUndefined(); // grub_platform is pc here
    const noArg = [parseBlsEntry(up(RHEL9_ENTRY).replace(/^grub_arg --unrestricted\n/m, ''), entries[0]!.file)];
    expect(parseGrub2(rhel9, '/boot/grub2/grub.cfg', { bls: noArg, configDir: '/grub2', includes, exists: (p) => p === '/grub2/user.cfg' }).entries[0]).toMatchObject({ restricted: true });
  });
});

describe('passwords through submenus', () => {
  it('an --unrestricted entry inside a submenu without --unrestricted still asks for a password (GRUB checks the submenu first)', () => {
    const text = [
      'set superusers="root"',
      'set timeout=5',
      'set default="1>0"',
      "menuentry 'Linux 6.1.12' --unrestricted {",
      '  linux /vmlinuz-6.1.12-1.x86_64 root=/dev/sda2',
      '}',
      "submenu 'Advanced options' {",
      "  menuentry 'Linux 6.1.10' --unrestricted {",
      '    linux /vmlinuz-6.1.10-1.x86_64 root=/dev/sda2',
      '  }',
      '}',
      "submenu 'Open options' --unrestricted {",
      "  menuentry 'Linux 6.1.9' --unrestricted {",
      '    linux /vmlinuz-6.1.9-1.x86_64 root=/dev/sda2',
      '  }',
      '}',
    ].join('\n');
    const p = parseGrub2(text, '/boot/grub2/grub.cfg');
    expect(p.entries.map((e) => [e.index, e.restricted])).toEqual([['0', false], ['1>0', true], ['2>0', false]]);
    expect(p.unattended?.passwordSet).toBe('superusers=root (/boot/grub2/grub.cfg:1)');
  });
});

describe('BLS entries: what linux loads, and variables that expand to nothing (real RHEL entries)', () => {
  it("the rescue entry's version is what its linux line loads (0-rescue-...), so it never counts for an installed kernel", () => {
    const p = parseBlsOnly([parseBlsEntry(up(RHEL9_RESCUE), '/boot/loader/entries/3b1bf67095e94696b600ed25416e97a8-0-rescue.conf')], new Map());
    expect(p.entries[0]).toMatchObject({ version: '0-rescue-3b1bf67095e94696b600ed25416e97a8', rescue: true });
  });

  it("a version key that disagrees with linux is ignored: linux decides", () => {
    const text = up(RHEL9_ENTRY).replace(/^version .*$/m, 'version 5.14.0-999.el9.x86_64');
    const p = parseBlsOnly([parseBlsEntry(text, '/boot/loader/entries/x-5.14.0-503.11.1.el9_5.x86_64.conf')], new Map());
    expect(p.entries[0]?.version).toBe('5.14.0-503.11.1.el9_5.x86_64');
  });

  it('RHEL 8.4: options $kernelopts $tuned_params; with the real grubenv root= is there; without kernelopts nothing is', () => {
    const entry = parseBlsEntry(up('bls/insights-rhel8/loader-entry.BOOT_LOADER_ENTRIES_3.rhel-8.4.conf'), '/boot/loader/entries/m-4.18.0-305.el8.x86_64.conf');
    const env = parseGrubEnv(readFileSync(path.join(UPSTREAM, 'bls/insights-rhel8/grubenv.GRUBENV_WITH_TUNED_PARAMS')), 'grubenv');
    const full = parseBlsOnly([entry], new Map(Object.entries(env.vars)));
    expect(full.entries[0]).toMatchObject({ root: '/dev/mapper/root_vg-lv_root', version: '4.18.0-305.el8.x86_64' });
    expect(full.entries[0]?.emptyVars).toBeUndefined();
    const bare = parseBlsOnly([entry], new Map([['tuned_params', 'transparent_hugepages=never']]));
    expect(bare.entries[0]?.root).toBeUndefined();
    expect(bare.entries[0]?.emptyVars).toEqual(['kernelopts']);
    expect(bare.entries[0]?.restricted).toBe(false); // grub_users with grub_arg --unrestricted
  });
});

describe("GRUB legacy and LILO: timeouts and fallbacks in grubby's test files", () => {
  it('grub.1 counts down 10 s; without its timeout line GRUB legacy waits', () => {
    const text = up('grubby/grub.1');
    expect(parseGrubLegacy(text, 'grub.conf').unattended).toMatchObject({ waits: false, line: 11 });
    expect(parseGrubLegacy(text.replace(/^timeout=10\n/m, ''), 'grub.conf').unattended).toMatchObject({ waits: true, note: 'grub.conf has no timeout line: GRUB legacy waits at its menu for a key (GRUB 0.97 manual, \'timeout\')' });
  });

  it('grub.5 has fallback=1: the chain lists entry 1', () => {
    expect(parseGrubLegacy(up('grubby/grub.5'), 'grub.conf').fallback).toMatchObject({ entry: 1, chain: [1] });
  });

  it('lilo.1: prompt with timeout=50 boots unattended; prompt without timeout waits (lilo.conf(5))', () => {
    const text = up('grubby/lilo.1');
    expect(parseLilo(text, 'lilo.conf').unattended).toMatchObject({ waits: false, note: 'lilo.conf: prompt with timeout=50: LILO boots the default after 5 s' });
    expect(parseLilo(text.replace(/^timeout=50\n/m, ''), 'lilo.conf').unattended?.waits).toBe(true);
  });
});

describe('root= forms that name one file system', () => {
  it.each([
    ['UUID=AB-cd', 'UUID=ab-cd'],
    ['/dev/disk/by-uuid/ab-CD', 'UUID=ab-cd'],
    ['LABEL=root', 'LABEL=root'],
    ['/dev/disk/by-label/root', 'LABEL=root'],
    ['/dev/mapper/rl-root', '/dev/mapper/rl-root'],
  ])('%s is %s', (spec, normal) => {
    expect(normalizeRootSpec(spec)).toBe(normal);
  });
});
