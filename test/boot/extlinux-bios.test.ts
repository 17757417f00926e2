/**
 * SYSLINUX/extlinux (BIOS) booted in QEMU: DEFAULT names a LABEL; the kernel
 * saferpm says boots next is the one that comes up.
 */
import { describe, expect, it } from 'vitest';
import { needLab } from './lab/index.js';
import { tempRoot } from '../helpers/roots.js';
import { NEW, OLD } from './roots/kernels.js';
import { extlinuxConf, extlinuxRoot } from './roots/extlinux-root.js';
import { expectPredictionHeld, prove } from './roots/prove.js';

const lab = needLab();

describe.skipIf(!lab).concurrent('extlinux BIOS: predicted next boot is the kernel that boots', () => {
  it('DEFAULT names the second LABEL (the old kernel), not the first', async () => {
    const root = tempRoot();
    extlinuxRoot(root, extlinuxConf({ default: `linux-${OLD}`, versions: [NEW, OLD] }));
    const p = await prove({ scenario: 'extlinux DEFAULT label', root, loader: 'extlinux-bios' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });
});
