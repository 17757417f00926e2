/**
 * SYSLINUX/extlinux (BIOS) booted in QEMU: DEFAULT names a LABEL; the kernel
 * saferpm says boots next is the one that comes up.
 */
import { describe, expect, it } from 'vitest';
import { needLab } from './lab/index.js';
import { scenarioRoot } from './roots/temp.js';
import { GONE, NEW, OLD } from './roots/kernels.js';
import { extlinuxConf, extlinuxRoot } from './roots/extlinux-root.js';
import { expectPredictionHeld, prove } from './roots/prove.js';

const lab = needLab();

describe.skipIf(!lab).concurrent('extlinux BIOS: predicted next boot is the kernel that boots', () => {
  it('DEFAULT names the second LABEL (the old kernel), not the first', async (t) => {
    const root = scenarioRoot(t);
    extlinuxRoot(root, extlinuxConf({ default: `linux-${OLD}`, versions: [NEW, OLD] }));
    const p = await prove({ t, scenario: 'extlinux DEFAULT label', root, loader: 'extlinux-bios' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });

  // SYSLINUX's boot: prompt came back after a failed attempt: it will not boot anything unattended.
  const PROMPT_AGAIN = /boot: [\s\S]*\nboot: /;

  it('DEFAULT names no label (a removed kernel): SYSLINUX boots nothing, and saferpm does not say safe', async (t) => {
    const root = scenarioRoot(t);
    extlinuxRoot(root, extlinuxConf({ default: `linux-${GONE}`, versions: [NEW, OLD] }));
    const p = await prove({ t, scenario: 'extlinux DEFAULT names no label', root, loader: 'extlinux-bios', stopOn: PROMPT_AGAIN, timeoutMs: 90_000 });
    expect(p.run.serialLog).toMatch(/Loading linux-6\.1\.11-100\.fake\.x86_64\.\.\. failed/);
    expect(p.prediction.nextVersion).toBeUndefined();
    expect(p.prediction.safe).toBe(false);
    expectPredictionHeld(p);
  });

  it('no DEFAULT and no UI: SYSLINUX boots nothing, and saferpm does not say safe', async (t) => {
    const root = scenarioRoot(t);
    extlinuxRoot(root, extlinuxConf({ versions: [NEW, OLD] }));
    const p = await prove({ t, scenario: 'extlinux no DEFAULT', root, loader: 'extlinux-bios', stopOn: PROMPT_AGAIN, timeoutMs: 90_000 });
    expect(p.run.serialLog).toMatch(/No DEFAULT or UI configuration directive found!/);
    expect(p.prediction.safe).toBe(false);
    expectPredictionHeld(p);
  });
});
