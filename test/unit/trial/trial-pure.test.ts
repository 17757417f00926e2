/** The pure parts of the trial boot (src/trial): which file systems GRUB writes, the trial entry's text, UPDATEDEFAULT, the command-line marker. */
import { describe, expect, it } from 'vitest';
import { blsTrialText, customCfgBlock, menuentryBlock, withoutBlock } from '../../../src/trial/entry-text.js';
import { entrySpec } from '../../../src/trial/entry-spec.js';
import { grubCanWrite, mountOf, parseMountLines } from '../../../src/trial/grubenv-fs.js';
import { trialArgs, trialIdOnCmdline } from '../../../src/trial/model.js';
import { replaceUpdateDefault, updateDefaultLine } from '../../../src/trial/sysconfig-kernel.js';
import { validatePlan } from '../../../src/recovery/patch-plan/validate.js';

/** /proc/mounts of a RHEL 9 guest with /boot on its own partition (captured; inodes of other mounts cut). */
const PROC_MOUNTS = `proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/mapper/rhel-root / xfs rw,seclabel,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0
/dev/vda1 /boot xfs rw,seclabel,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0
/dev/vda2 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=winnt,errors=remount-ro 0 0
`;

describe('grubenv-fs: can GRUB clear next_entry where grubenv lives?', () => {
  it('the longest mount point holding the file; a plain partition is fine', () => {
    const m = mountOf(parseMountLines(PROC_MOUNTS), '/boot/grub2/grubenv');
    expect(m).toEqual({ device: '/dev/vda1', mountPoint: '/boot', fsType: 'xfs' });
    expect(grubCanWrite(m, '/proc/mounts')).toMatchObject({ ok: true });
    expect(mountOf(parseMountLines(PROC_MOUNTS), '/boot/efi/EFI/redhat/grubenv')?.fsType).toBe('vfat');
  });

  it.each([
    ['/dev/mapper/rhel-root / xfs defaults 0 0', /device-mapper/],
    ['/dev/rhel/root / xfs defaults 0 0', /device-mapper/],
    ['/dev/md127 / ext4 defaults 0 0', /md RAID/],
    ['/dev/sda2 / btrfs subvol=root 0 0', /btrfs/],
    ['UUID=1234 / xfs defaults 0 0', /cannot tell/],
    ['tmpfs / tmpfs defaults 0 0', /not a file system GRUB writes/],
  ])('refused: %s', (line, why) => {
    const v = grubCanWrite(mountOf(parseMountLines(line), '/boot/grub2/grubenv'), 'fstab');
    expect(v.ok).toBe(false);
    expect(v.detail).toMatch(why);
  });

  it('no mount for it at all is "cannot tell", not fine', () => {
    expect(grubCanWrite(mountOf([], '/boot/grub2/grubenv'), 'fstab')).toMatchObject({ ok: false, known: false });
  });

  it('mount points with escaped spaces are decoded (\\040)', () => {
    expect(parseMountLines('/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0')[0]?.mountPoint).toBe('/mnt/my disk');
  });
});

describe('the trial entry text', () => {
  const bls = 'title Rocky Linux (6.1.12-1.x86_64) 9.4\nversion 6.1.12-1.x86_64\nlinux /vmlinuz-6.1.12-1.x86_64\ninitrd /initramfs-6.1.12-1.x86_64.img\noptions $kernelopts rhgb\noptions second ignored\ngrub_class rocky\n';
  it('BLS: the title marked, the trial arguments after the first options line (variables kept for GRUB)', () => {
    const t = blsTrialText(bls, 'ID1', trialArgs('', 'ID1'));
    expect(t.title).toBe('Rocky Linux (6.1.12-1.x86_64) 9.4 (saferpm trial ID1)');
    expect(t.text).toContain('\noptions $kernelopts rhgb panic=10 rd.emergency=reboot systemd.crash_reboot=1 saferpm.trial=ID1\noptions second ignored\n');
    expect(t.text).toContain('\nlinux /vmlinuz-6.1.12-1.x86_64\n');
  });

  const cfg = [
    "menuentry 'Linux {new}' --class os --unrestricted $menuentry_id_option 'gnulinux-new' {",
    "\tset root='hd0,msdos1'",
    '\tif [ x$feature_platform_search_hint = xy ]; then',
    '\t  search --fs-uuid --set=root X',
    '\tfi',
    '\tlinux\t/vmlinuz-new root=/dev/sda2 ro',
    '\tinitrd\t/initramfs-new.img',
    '}',
    "menuentry 'Linux old' { linux /vmlinuz-old }",
  ].join('\n');

  it('menuentry: the block up to its closing brace (braces in quotes do not count)', () => {
    expect(menuentryBlock(cfg, 1)).toHaveLength(8);
    expect(menuentryBlock(cfg, 9)).toEqual(["menuentry 'Linux old' { linux /vmlinuz-old }"]);
  });

  it('custom.cfg block: its own --id, --unrestricted kept, the arguments on the linux line; removed exactly', () => {
    const b = customCfgBlock(cfg, 1, 'Linux {new}', 'ID2', 'saferpm-trial-ID2', trialArgs('', 'ID2'));
    expect(b?.text.split('\n').slice(0, 2)).toEqual([
      '# BEGIN saferpm trial ID2: the new kernel\'s entry, booted once; removed at the verdict',
      "menuentry 'Linux {new} (saferpm trial ID2)' --unrestricted --id 'saferpm-trial-ID2' {",
    ]);
    expect(b?.text).toContain('\tlinux\t/vmlinuz-new root=/dev/sda2 ro panic=10 rd.emergency=reboot systemd.crash_reboot=1 saferpm.trial=ID2\n');
    const custom = `menuentry 'mine' { true }\n${b?.text}`;
    expect(withoutBlock(custom, 'ID2')).toBe("menuentry 'mine' { true }\n");
    expect(withoutBlock(custom, 'OTHER')).toBe(custom);
  });

  it('no linux line: no block (nothing to boot)', () => {
    expect(customCfgBlock("menuentry 'x' {\n chainloader +1\n}", 1, 'x', 'I', 'e', 'a')).toBeUndefined();
  });

  it('saved_entry values: the id, else the title, submenus first, > doubled', () => {
    expect(entrySpec({ id: 'a-b', title: 'T' })).toBe('a-b');
    expect(entrySpec({ title: 'T>1', submenu: ['Advanced'] })).toBe('Advanced>T>>1');
  });
});

describe('UPDATEDEFAULT and the command-line marker', () => {
  it('reads UPDATEDEFAULT as grubby does (yes, quoted or not) and replaces only that line', () => {
    expect(updateDefaultLine('DEFAULTKERNEL=kernel-core\nUPDATEDEFAULT="yes"\n')).toEqual({ line: 'UPDATEDEFAULT="yes"', yes: true });
    expect(updateDefaultLine('UPDATEDEFAULT=no\n')?.yes).toBe(false);
    expect(updateDefaultLine('# UPDATEDEFAULT=yes\n')).toBeUndefined();
    expect(replaceUpdateDefault('A=1\nUPDATEDEFAULT=yes\nB=2\n', 'UPDATEDEFAULT=yes', 'UPDATEDEFAULT=no')).toBe('A=1\nUPDATEDEFAULT=no\nB=2\n');
  });

  it('saferpm.trial=ID on /proc/cmdline', () => {
    expect(trialIdOnCmdline('BOOT_IMAGE=/vmlinuz ro saferpm.trial=20261206T030547Z-8bde09 quiet\n')).toBe('20261206T030547Z-8bde09');
    expect(trialIdOnCmdline('BOOT_IMAGE=/vmlinuz ro quiet')).toBeUndefined();
    expect(trialIdOnCmdline('mysaferpm.trial=1')).toBeUndefined();
  });
});

describe('plan.toml [trial]', () => {
  it('deadline_minutes and check_commands, with problems named', () => {
    const ok = validatePlan({ trial: { deadline_minutes: 5, check_commands: [['curl', '-fsS', 'http://localhost/']] } }, '/etc/saferpm/plan.toml');
    expect(ok.problems).toEqual([]);
    expect(ok.plan.trial).toEqual({ deadlineMinutes: 5, checkCommands: [['curl', '-fsS', 'http://localhost/']] });
    const bad = validatePlan({ trial: { deadline_minutes: 0, check_commands: ['curl'], deadline: 3 } }, '/etc/saferpm/plan.toml');
    expect(bad.problems.map((p) => p.message)).toEqual([
      "[trial] deadline: unknown key 'deadline'; known keys: deadline_minutes, check_commands",
      '[trial] deadline_minutes: must be 1 to 1440 minutes, found 0',
      '[trial] check_commands: command 1 must be a non-empty list of arguments in quotes, found the string "curl"',
    ]);
  });
});
