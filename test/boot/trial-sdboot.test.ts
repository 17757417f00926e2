/**
 * The systemd-boot side of docs/trial-boot.md, proven by booting (issue 14):
 * boot counting on systemd-boot 252 / OVMF in QEMU. An entry named
 * ID+2-0.conf ("+LEFT-DONE") is tried; systemd-boot renames it on the ESP
 * before each try (+1-1, then +0-2); an entry with no tries left sorts after
 * the others, so the known-good kernel boots by itself. saferpm predicts the
 * new kernel before, and, reading the names systemd-boot left on the disk,
 * the known-good one after. (saferpm does not arm systemd-boot trials yet:
 * the gate refuses them; this is the mechanism it will rely on.)
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { needLab } from './lab/index.js';
import { PART_OFFSET } from './lab/image.js';
import { MACHINE_ID, NEW, OLD } from './roots/kernels.js';
import { bootInfoNext, bootCheck } from './roots/predict.js';
import { bootRoot } from './roots/prove.js';
import { ESP, sdbootRoot } from './roots/sdboot-root.js';
import { scenarioRoot } from './roots/temp.js';

const lab = needLab();
const CONF = 'timeout 1\nconsole-mode keep\n';

describe.skipIf(!lab)('systemd-boot boot counting on OVMF', () => {
  it('a +2-0 entry whose kernel fails twice: systemd-boot boots the known-good kernel on the third boot', async (t) => {
    const root = scenarioRoot(t);
    const counted = `${MACHINE_ID}-${NEW}`;
    sdbootRoot(root, { loaderConf: CONF, entries: [{ name: `${MACHINE_ID}-${OLD}`, version: OLD }, { name: `${counted}+2-0`, version: NEW }] });
    const before = await bootCheck(root);
    expect(before.nextVersion).toBe(NEW);

    const { disk, run } = await bootRoot({ t, scenario: 'trial: sd-boot +2-0 fails twice', root, loader: 'sdboot-uefi', boots: 3, fail: [NEW] });
    console.info(`BOOTLAB RESULT trial sd-boot counting | sdboot-uefi | booted ${run.boots.map((b) => `${b.label}${b.panicked ? '(panic)' : ''}`).join(' ')} | qemu ${(run.ms / 1000).toFixed(1)} s, boots at ${run.bootSeconds.join(', ')} s`);
    expect(run.boots.map((b) => [b.label, b.panicked]), run.tail).toEqual([[NEW, true], [NEW, true], [OLD, false]]);

    // What systemd-boot wrote on the ESP: the counted entry has no tries left.
    const dir = await execa('mdir', ['-b', '-i', `${disk.image}@@${PART_OFFSET}`, '::/loader/entries'], { env: { LC_ALL: 'C' } });
    const names = dir.stdout.split('\n').map((l) => path.posix.basename(l.trim())).filter(Boolean).sort();
    expect(names).toEqual([`${MACHINE_ID}-${OLD}.conf`, `${counted}+0-2.conf`].sort());

    // The same names in the root: saferpm now predicts the known-good kernel.
    const entries = path.join(root, ESP, 'loader/entries');
    renameSync(path.join(entries, `${counted}+2-0.conf`), path.join(entries, `${counted}+0-2.conf`));
    expect(await bootInfoNext(root)).toBe(OLD);
  });
});
