/**
 * GRUB 2 (BIOS, Debian's GRUB 2.06) booted in QEMU: the kernel saferpm says
 * boots next is the kernel that comes up, for the ways grubenv chooses it.
 * Debian's GRUB has no blscfg (RHEL's patch), so the menus are menuentry
 * blocks as grub2-mkconfig writes them; BLS is proven through systemd-boot.
 */
import { describe, expect, it } from 'vitest';
import { needLab } from './lab/index.js';
import { tempRoot } from '../helpers/roots.js';
import { GONE, NEW, OLD } from './roots/kernels.js';
import { advancedId, menuentry, rhelTitle, submenu, type MenuEntry } from './roots/grub2-mkconfig.js';
import { grub2Root } from './roots/grub2-root.js';
import { expectPredictionHeld, prove } from './roots/prove.js';

const lab = needLab();

const flat = (v: string): MenuEntry => ({ title: rhelTitle(v), id: advancedId(v), version: v, prefix: '' });
/** grub2-mkconfig's menu on RHEL: newest kernel first. */
const RHEL_MENU = menuentry(flat(NEW)) + menuentry(flat(OLD));

describe.skipIf(!lab).concurrent('GRUB 2 BIOS: predicted next boot is the kernel that boots', () => {
  it('saved_entry names an entry by title', async () => {
    const root = tempRoot();
    await grub2Root(root, { layout: 'boot-partition', menu: RHEL_MENU, env: { saved_entry: rhelTitle(OLD) } });
    const p = await prove({ scenario: 'grub2 saved_entry by title', root, loader: 'grub2-bios' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });
});
