/**
 * GRUB 2 (BIOS, Debian's GRUB 2.06) booted in QEMU: the kernel saferpm says
 * boots next is the kernel that comes up, for the ways grubenv chooses it.
 * Debian's GRUB has no blscfg (RHEL's patch), so the menus are menuentry
 * blocks as grub2-mkconfig writes them; BLS is proven through systemd-boot.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { needLab, readFileFromDisk } from './lab/index.js';
import { scenarioRoot } from './roots/temp.js';
import { BOOT_UUID, GONE, NEW, OLD } from './roots/kernels.js';
import { grubenvVars } from './roots/grubenv.js';
import { bootInfoNext } from './roots/predict.js';
import { advancedId, menuentry, rhelTitle, submenu, type MenuEntry } from './roots/grub2-mkconfig.js';
import { grub2Root } from './roots/grub2-root.js';
import { expectPredictionHeld, prove } from './roots/prove.js';

const lab = needLab();

const flat = (v: string): MenuEntry => ({ title: rhelTitle(v), id: advancedId(v), version: v, prefix: '' });
/** grub2-mkconfig's menu on RHEL: newest kernel first. */
const RHEL_MENU = menuentry(flat(NEW)) + menuentry(flat(OLD));

describe.skipIf(!lab).concurrent('GRUB 2 BIOS: predicted next boot is the kernel that boots', () => {
  it('saved_entry names an entry by title', async (t) => {
    const root = scenarioRoot(t);
    await grub2Root(root, { layout: 'boot-partition', menu: RHEL_MENU, env: { saved_entry: rhelTitle(OLD) } });
    const p = await prove({ t, scenario: 'grub2 saved_entry by title', root, loader: 'grub2-bios' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });

  it('saved_entry names no entry (a removed kernel): GRUB boots entry 0', async (t) => {
    const root = scenarioRoot(t);
    await grub2Root(root, { layout: 'boot-partition', menu: RHEL_MENU, env: { saved_entry: rhelTitle(GONE) } });
    const p = await prove({ t, scenario: 'grub2 dangling saved_entry', root, loader: 'grub2-bios' });
    expect(p.prediction.nextVersion).toBe(NEW);
    expectPredictionHeld(p);
  });

  it("saved_entry is an id path through a submenu ('submenu-id>entry-id', Debian/Fedora menu, /boot a folder of /)", async (t) => {
    const root = scenarioRoot(t);
    const deb = (v: string, title: string): MenuEntry => ({ title, id: advancedId(v), version: v, prefix: '/boot' });
    const menu = menuentry({ ...deb(NEW, 'Fedora Linux'), id: `gnulinux-simple-${BOOT_UUID}` })
      + submenu('Advanced options for Fedora Linux', `gnulinux-advanced-${BOOT_UUID}`, [deb(NEW, `Fedora Linux, with Linux ${NEW}`), deb(OLD, `Fedora Linux, with Linux ${OLD}`)]);
    await grub2Root(root, { layout: 'boot-folder', menu, env: { saved_entry: `gnulinux-advanced-${BOOT_UUID}>${advancedId(OLD)}` } });
    const p = await prove({ t, scenario: 'grub2 saved_entry id path A>B', root, loader: 'grub2-bios' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });

  it('next_entry (grub2-reboot) wins once: the new kernel panics, GRUB clears next_entry and boots saved_entry', async (t) => {
    const root = scenarioRoot(t);
    await grub2Root(root, { layout: 'boot-partition', menu: RHEL_MENU, env: { saved_entry: rhelTitle(OLD), next_entry: rhelTitle(NEW) } });
    const p = await prove({ t, scenario: 'grub2 next_entry once', root, loader: 'grub2-bios', boots: 2, fail: [NEW] });
    expect(p.prediction.nextVersion).toBe(NEW);
    expectPredictionHeld(p);
    expect(p.run.boots.map((b) => [b.label, b.panicked])).toEqual([[NEW, true], [OLD, false]]);
    // What GRUB's save_env left on the disk, put back into the root: saferpm now predicts boot 2.
    const env = await readFileFromDisk(p.disk, `/${p.disk.grubDir}/grubenv`);
    expect(env?.length).toBe(1024);
    expect(grubenvVars(env as Buffer)).toMatchObject({ saved_entry: rhelTitle(OLD), next_entry: '' });
    writeFileSync(path.join(root, 'boot/grub2/grubenv'), env as Buffer);
    expect(await bootInfoNext(root)).toBe(p.run.boots[1]?.label);
  });
});
