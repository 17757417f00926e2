/**
 * GRUB legacy, LILO and the smaller classes, on real-rpm roots
 * (test/helpers/boot-root.ts, the GRUB 2 menu removed): LILO default= naming
 * no label (class 8), the boot loader's own fallback (class 9), versionless
 * kernel names (class 10), menus that wait for a key (class 6), a grubenv
 * that is a directory and a --root that does not exist (class 11).
 */
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootCheck, expectFailure, rhelRoot, type BootRoot } from '../helpers/boot-root.js';
import { saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const STALE = '6.1.9-1.x86_64';

/** The machine with GRUB legacy's grub.conf (and no GRUB 2 menu) instead. */
async function legacyRoot(conf: (m: BootRoot) => string[]): Promise<BootRoot> {
  const m = await rhelRoot();
  rmSync(m.at('boot/grub2'), { recursive: true });
  mkdirSync(m.at('boot/grub'));
  writeFileSync(m.at('boot/grub/grub.conf'), `${conf(m).join('\n')}\n`);
  return m;
}

const title = (name: string, kernel: string, initrd: string): string[] => [
  `title ${name}`,
  '  root (hd0,0)',
  `  kernel ${kernel} ro root=/dev/mapper/rl-root`,
  `  initrd ${initrd}`,
];

/** lilo.conf, then /boot/map written after it and after every image (as /sbin/lilo does). */
function writeLilo(m: BootRoot, globals: string[], images: string[][]): void {
  writeFileSync(m.at('etc/lilo.conf'), `${[...globals, ...images.flat()].join('\n')}\n`);
  writeFileSync(m.at('boot/map'), 'fake LILO map\n');
  const later = Date.now() / 1000 + 60;
  utimesSync(m.at('boot/map'), later, later);
}

const liloImage = (image: string, label: string, initrd: string): string[] => [`image=${image}`, `  label=${label}`, `  initrd=${initrd}`, '  root=/dev/mapper/rl-root', '  read-only'];

async function liloRoot(): Promise<BootRoot> {
  const m = await rhelRoot();
  rmSync(m.at('boot/grub2'), { recursive: true });
  for (const [link, target] of [['vmlinuz', `vmlinuz-${m.k2}`], ['vmlinuz.old', `vmlinuz-${m.k1}`], ['initrd.img', `initramfs-${m.k2}.img`], ['initrd.img.old', `initramfs-${m.k1}.img`]] as const) {
    symlinkSync(target, m.at(`boot/${link}`));
  }
  return m;
}

describe.runIf(needTools('rpm', 'rpmbuild', 'grub-editenv'))('boot verdict: GRUB legacy, LILO and the smaller classes', () => {
  it("class 9: GRUB legacy's default cannot load, its fallback boots the new kernel: safe (without fallback: do not reboot)", async () => {
    const body = (m: BootRoot): string[] => [
      ...title(`Old (${STALE})`, `/vmlinuz-${STALE}`, `/initramfs-${STALE}.img`),
      ...title(`Linux (${m.k2})`, `/vmlinuz-${m.k2}`, `/initramfs-${m.k2}.img`),
      ...title(`Linux (${m.k1})`, `/vmlinuz-${m.k1}`, `/initramfs-${m.k1}.img`),
    ];
    const m = await legacyRoot((r) => ['default=0', 'fallback=1', 'timeout=5', ...body(r)]);
    const v = await bootCheck(m.root, m.k1);
    expect(v.line, v.text).toBe('safe to reboot');
    expect(v.json.nextBoot).toMatchObject({ index: '1', version: m.k2 });
    expect(v.json.defaultEntry?.index).toBe('0');
    expect(v.check('next-boot').finding).toMatch(/cannot load: kernel \/boot\/vmlinuz-6\.1\.9-1\.x86_64 is missing.*the boot loader then boots its fallback \(fallback 1\)/);
    writeFileSync(m.at('boot/grub/grub.conf'), `${['default=0', 'timeout=5', ...body(m)].join('\n')}\n`);
    expect((await bootCheck(m.root, m.k1)).check('next-boot').status).toBe('fail');
  });

  it("class 9: GRUB 2's fallback variable counts the same way", async () => {
    const m = await rhelRoot();
    const entry = (v: string): string[] => [`menuentry 'Linux (${v})' {`, `  linux /vmlinuz-${v} root=/dev/mapper/rl-root ro`, `  initrd /initramfs-${v}.img`, '}'];
    writeFileSync(m.at('boot/grub2/grub.cfg'), `${['set timeout=5', 'set default=0', 'set fallback="1 2"', ...entry(STALE), ...entry(m.k2), ...entry(m.k1)].join('\n')}\n`);
    const v = await bootCheck(m.root, m.k1);
    expect(v.line, v.text).toBe('safe to reboot');
    expect(v.json.nextBoot).toMatchObject({ index: '1', version: m.k2 });
  });

  it('class 10: GRUB legacy with versionless /vmlinuz links matches the kernels they point to', async () => {
    const m = await legacyRoot(() => ['default=0', 'timeout=5', ...title('Linux', '/vmlinuz', '/initrd.img'), ...title('Linux (old)', '/vmlinuz.old', '/initrd.img.old')]);
    for (const [link, target] of [['vmlinuz', `vmlinuz-${m.k2}`], ['vmlinuz.old', `vmlinuz-${m.k1}`], ['initrd.img', `initramfs-${m.k2}.img`], ['initrd.img.old', `initramfs-${m.k1}.img`]] as const) {
      symlinkSync(target, m.at(`boot/${link}`));
    }
    const v = await bootCheck(m.root, m.k1);
    expect(v.line, v.text).toBe('safe to reboot');
    expect(v.json.newEntry).toMatchObject({ index: '0', version: m.k2, kernelTarget: `/boot/vmlinuz-${m.k2}` });
    expect(v.check('fallback-entry').finding).toContain("1 'Linux (old)'");
  });

  it('class 10: LILO with versionless image=/boot/vmlinuz matches the kernels they point to', async () => {
    const m = await liloRoot();
    writeLilo(m, ['boot=/dev/sda', 'map=/boot/map', 'default=linux'], [liloImage('/boot/vmlinuz', 'linux', '/boot/initrd.img'), liloImage('/boot/vmlinuz.old', 'old', '/boot/initrd.img.old')]);
    const v = await bootCheck(m.root, m.k1);
    expect(v.line, v.text).toBe('safe to reboot');
    expect(v.json.newEntry).toMatchObject({ version: m.k2, kernelTarget: `/boot/vmlinuz-${m.k2}` });
  });

  it('class 8: LILO default= naming no label: do not reboot, naming lilo.conf', async () => {
    const m = await liloRoot();
    writeLilo(m, ['boot=/dev/sda', 'map=/boot/map', 'default=nosuch'], [liloImage('/boot/vmlinuz', 'linux', '/boot/initrd.img'), liloImage('/boot/vmlinuz.old', 'old', '/boot/initrd.img.old')]);
    const v = await bootCheck(m.root, m.k1);
    expectFailure(v, 'lilo-default', '/etc/lilo.conf:3', /default=nosuch names no label: \/sbin\/lilo refuses this file/);
  });

  it('class 6: LILO prompt without timeout, GRUB legacy without a timeout line: never unattended', async () => {
    const m = await liloRoot();
    writeLilo(m, ['boot=/dev/sda', 'map=/boot/map', 'prompt', 'default=linux'], [liloImage('/boot/vmlinuz', 'linux', '/boot/initrd.img'), liloImage('/boot/vmlinuz.old', 'old', '/boot/initrd.img.old')]);
    expectFailure(await bootCheck(m.root, m.k1), 'unattended', '/etc/lilo.conf', /prompt without timeout: LILO waits .*lilo\.conf\(5\)/);

    const g = await legacyRoot((r) => ['default=0', ...title(`Linux (${r.k2})`, `/vmlinuz-${r.k2}`, `/initramfs-${r.k2}.img`), ...title(`Linux (${r.k1})`, `/vmlinuz-${r.k1}`, `/initramfs-${r.k1}.img`)]);
    expectFailure(await bootCheck(g.root, g.k1), 'unattended', '/boot/grub/grub.conf', /has no timeout line: GRUB legacy waits at its menu for a key/);
  });

  it('class 11: a grubenv that is a directory is one clear line naming it, not EISDIR', async () => {
    const m = await rhelRoot();
    rmSync(m.at('boot/grub2/grubenv'));
    mkdirSync(m.at('boot/grub2/grubenv'));
    for (const extra of [[], ['--env', '/boot/grub2/grubenv']]) {
      const v = await bootCheck(m.root, m.k1, ...extra);
      expect(v.text + JSON.stringify(v.json)).not.toMatch(/EISDIR/);
      expect(v.check('grubenv').finding).toBe("/boot/grub2/grubenv is a directory, not a file: the boot loader cannot read it: GRUB's load_env loads nothing, so saved_entry and kernelopts are unset at boot");
      const info = await saferpm(['boot', 'info', '--root', m.root, ...extra, '--json']);
      expect(info.exitCode, info.stderr).toBe(0);
      expect(JSON.parse(info.stdout).envProblems).toEqual([v.check('grubenv').finding]);
    }
  });

  it('class 11: a --root that does not exist exits 66 (as the README says), with one line naming it', async () => {
    const missing = path.join(tempDir(), 'no-such-root');
    for (const cmd of [['boot', 'check'], ['boot', 'info']]) {
      const r = await saferpm([...cmd, '--root', missing]);
      expect(r.exitCode).toBe(66);
      expect(r.stderr.split('\n')[0]).toContain(missing);
      expect(r.stdout).toBe('');
    }
  });
});
