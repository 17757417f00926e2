/**
 * systemd-boot (Debian's 252) on OVMF booted in QEMU: it reads BLS entries
 * itself, sorts them (sort-key, machine-id, version; else the file name, both
 * newest first) and takes loader.conf's `default` glob. The kernel saferpm
 * says boots next is the one that comes up. systemd-boot passes no
 * BOOT_IMAGE=: the initramfs label tells which entry booted.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needLab } from './lab/index.js';
import { scenarioRoot } from './roots/temp.js';
import { MACHINE_ID, NEW, OLD } from './roots/kernels.js';
import { ESP, sdbootRoot } from './roots/sdboot-root.js';
import { expectPredictionHeld, prove } from './roots/prove.js';

const lab = needLab();
/** timeout 0 would boot at once too; 1 keeps the menu visible on the serial log. */
const CONF = 'timeout 1\nconsole-mode keep\n';

describe.skipIf(!lab).concurrent('systemd-boot UEFI: predicted next boot is the kernel that boots', () => {
  it('no default, no sort-key: entries sort by file name, newest first', async (t) => {
    const root = scenarioRoot(t);
    // kernel-install's names: <machine-id>-<version>.conf; the newer version sorts first.
    sdbootRoot(root, { loaderConf: CONF, entries: [{ name: `${MACHINE_ID}-${OLD}`, version: OLD }, { name: `${MACHINE_ID}-${NEW}`, version: NEW }] });
    const p = await prove({ t, scenario: 'sd-boot version sort, no sort-key', root, loader: 'sdboot-uefi' });
    expect(p.prediction.nextVersion).toBe(NEW);
    expectPredictionHeld(p);
  });

  it('no sort-key: the file name decides, not the version (zz-old.conf before aa-new.conf)', async (t) => {
    const root = scenarioRoot(t);
    sdbootRoot(root, { loaderConf: CONF, entries: [{ name: 'zz-old', version: OLD }, { name: 'aa-new', version: NEW }] });
    const p = await prove({ t, scenario: 'sd-boot file-name sort, no sort-key', root, loader: 'sdboot-uefi' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });

  it('sort-key on both: sort-key, machine-id, then version newest first, whatever the file names', async (t) => {
    const root = scenarioRoot(t);
    sdbootRoot(root, { loaderConf: CONF, entries: [{ name: 'zz-old', version: OLD, sortKey: 'fedora' }, { name: 'aa-new', version: NEW, sortKey: 'fedora' }] });
    const p = await prove({ t, scenario: 'sd-boot sort-key + version', root, loader: 'sdboot-uefi' });
    expect(p.prediction.nextVersion).toBe(NEW);
    expectPredictionHeld(p);
  });

  it("loader.conf 'default' glob picks the old kernel's entry", async (t) => {
    const root = scenarioRoot(t);
    sdbootRoot(root, { loaderConf: `${CONF}default ${MACHINE_ID}-6.1.10*\n`, entries: [{ name: `${MACHINE_ID}-${OLD}`, version: OLD }, { name: `${MACHINE_ID}-${NEW}`, version: NEW }] });
    const p = await prove({ t, scenario: 'sd-boot loader.conf default glob', root, loader: 'sdboot-uefi' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expectPredictionHeld(p);
  });

  it("an entry whose linux file is missing is dropped: the next entry boots (and the new kernel has no entry: do not reboot)", async (t) => {
    const root = scenarioRoot(t);
    sdbootRoot(root, { loaderConf: CONF, entries: [{ name: `${MACHINE_ID}-${OLD}`, version: OLD }, { name: `${MACHINE_ID}-${NEW}`, version: NEW }] });
    rmSync(path.join(root, ESP, MACHINE_ID, NEW, 'linux'));
    const p = await prove({ t, scenario: 'sd-boot entry without its linux file dropped', root, loader: 'sdboot-uefi' });
    expect(p.prediction.nextVersion).toBe(OLD);
    expect(p.prediction.safe).toBe(false);
    expectPredictionHeld(p);
  });
});
