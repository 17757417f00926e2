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

  // Debian's and Fedora's 10_linux: a simple entry first, then "Advanced options" holding one entry per kernel.
  const deb = (v: string, title: string): MenuEntry => ({ title, id: advancedId(v), version: v, prefix: '/boot' });
  const ADVANCED = 'Advanced options for Fedora Linux';
  const SUBMENU_MENU = menuentry({ ...deb(NEW, 'Fedora Linux'), id: `gnulinux-simple-${BOOT_UUID}` })
    + submenu(ADVANCED, `gnulinux-advanced-${BOOT_UUID}`, [deb(NEW, `Fedora Linux, with Linux ${NEW}`), deb(OLD, `Fedora Linux, with Linux ${OLD}`)]);

  it.for([
    ['an id path (submenu-id>entry-id)', `gnulinux-advanced-${BOOT_UUID}>${advancedId(OLD)}`, OLD],
    ['a title path (submenu title>entry title)', `${ADVANCED}>Fedora Linux, with Linux ${OLD}`, OLD],
    // GRUB matches a component only among the entries of its own level: a bare title of a nested entry names nothing.
    ['the bare title of an entry inside the submenu (names nothing: entry 0)', `Fedora Linux, with Linux ${OLD}`, NEW],
  ] as const)('saved_entry is %s, Debian/Fedora submenu, /boot a folder of /', async ([what, saved, want], t) => {
    const root = scenarioRoot(t);
    await grub2Root(root, { layout: 'boot-folder', menu: SUBMENU_MENU, env: { saved_entry: saved } });
    const p = await prove({ t, scenario: `grub2 saved_entry ${what}`, root, loader: 'grub2-bios' });
    expect(p.prediction.nextVersion).toBe(want);
    expectPredictionHeld(p);
  });

  it("the saved entry's kernel is empty (a truncated copy): GRUB boots nothing, and saferpm does not say safe", async (t) => {
    const root = scenarioRoot(t);
    await grub2Root(root, { layout: 'boot-partition', menu: RHEL_MENU, env: { saved_entry: rhelTitle(NEW) } });
    writeFileSync(path.join(root, `boot/vmlinuz-${NEW}`), ''); // putLabKernels leaves empty files empty
    // GRUB reports the error, waits for a key, then shows its menu again: it will not boot unattended.
    const p = await prove({ t, scenario: 'grub2 saved entry kernel empty', root, loader: 'grub2-bios', stopOn: /error: [\s\S]*Press any key to continue/, timeoutMs: 120_000 });
    expect(p.run.boots).toEqual([]);
    expect(p.prediction.nextVersion).toBe(NEW);
    expect(p.prediction.safe).toBe(false);
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
