/**
 * saferpm reboot --trial proven by booting (issue 14): GRUB 2 BIOS (Debian's
 * GRUB 2.06) in QEMU with a grub.cfg written as grub2-mkconfig writes it
 * (load_env, the next_entry block of 00_header, 41_custom's custom.cfg).
 * saferpm arms the trial on the root with the real grub-editenv; the lab
 * builds the disk from it and boots; what GRUB's save_env left in grubenv is
 * read back from the disk and handed to 'saferpm trial check', with the
 * command line the kernel really booted with as /proc/cmdline.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { saferpm } from '../helpers/roots.js';
import { recordedCalls } from '../helpers/recorder.js';
import { needLab, readFileFromDisk } from './lab/index.js';
import { advancedId } from './roots/grub2-mkconfig.js';
import { grubenvVars } from './roots/grubenv.js';
import { NEW, OLD } from './roots/kernels.js';
import { bootCheck } from './roots/predict.js';
import { bootRoot } from './roots/prove.js';
import { bootProc, currentTrialId, grubenvOf, trialFakes, trialGrubRoot } from './roots/trial.js';
import { scenarioRoot } from './roots/temp.js';

const lab = needLab();

/** A GRUB 2 root with the new kernel installed and a trial armed by saferpm reboot --trial (the reboot a recorder). */
async function armedTrial(t: Parameters<typeof scenarioRoot>[0]): Promise<{ root: string; f: ReturnType<typeof trialFakes>; id: string }> {
  const root = scenarioRoot(t);
  await trialGrubRoot(root);
  const f = trialFakes(t, root);
  const armed = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', OLD], { env: f.env });
  expect(armed.exitCode, armed.stderr).toBe(EXIT.OK);
  return { root, f, id: currentTrialId(root) };
}

describe.skipIf(!lab).concurrent('saferpm reboot --trial on GRUB 2 BIOS', () => {
  it('the new kernel panics on its trial boot: boot 2 is the known-good kernel by itself, next_entry cleared, saved_entry still old; saferpm records "fell back"', async (t) => {
    const { root, f, id } = await armedTrial(t);
    expect(grubenvOf(root)).toEqual({ saved_entry: advancedId(OLD), next_entry: `saferpm-trial-${id}` });
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(['reboot']);

    const { disk, run } = await bootRoot({ t, scenario: 'trial: new kernel panics', root, loader: 'grub2-bios', boots: 2, fail: [NEW] });
    console.info(`BOOTLAB RESULT trial fallback | grub2-bios | booted ${run.boots.map((b) => `${b.label}${b.panicked ? '(panic)' : ''}`).join(' ')} | qemu ${(run.ms / 1000).toFixed(1)} s, boots at ${run.bootSeconds.join(', ')} s`);
    expect(run.boots.map((b) => [b.label, b.panicked]), run.tail).toEqual([[NEW, true], [OLD, false]]);
    expect(run.boots[0]?.cmdline).toContain(`panic=10 rd.emergency=reboot systemd.crash_reboot=1 saferpm.trial=${id}`);
    expect(run.boots[1]?.cmdline).not.toContain('saferpm.trial');
    const env = await readFileFromDisk(disk, `/${disk.grubDir}/grubenv`);
    expect(env?.length).toBe(1024);
    expect(grubenvVars(env as Buffer)).toEqual({ saved_entry: advancedId(OLD), next_entry: '' });

    // the boot after: the units run 'saferpm trial check' on what GRUB left and what the kernel was given
    writeFileSync(path.join(root, 'boot/grub2/grubenv'), env as Buffer);
    bootProc(root, run.boots[1]?.cmdline as string, 12);
    const fb = await saferpm(['trial', 'check', '--root', root, '--running-kernel', OLD], { env: f.env });
    expect(fb.exitCode, fb.stderr).toBe(EXIT.OK);
    expect(fb.stderr).toContain(`trial ${id}: ${NEW} fell back to ${OLD}`);
    expect(readdirSync(path.join(root, 'boot/grub2')).sort()).toEqual(['grub.cfg', 'grubenv']); // custom.cfg (the trial entry) gone
    const check = await bootCheck(root);
    expect(check.safe).toBe(false);
    expect(check.reasons).toContain(`${NEW} fell back in trial ${id}`);
  });

  it('a healthy new kernel: its trial boot is promoted, and the next boot is the new kernel by default', async (t) => {
    const { root, f, id } = await armedTrial(t);

    const first = await bootRoot({ t, scenario: 'trial: healthy', root, loader: 'grub2-bios', boots: 1 });
    expect(first.run.boots.map((b) => [b.label, b.panicked]), first.run.tail).toEqual([[NEW, false]]);
    expect(first.run.boots[0]?.cmdline).toContain(`saferpm.trial=${id}`);
    const env = await readFileFromDisk(first.disk, `/${first.disk.grubDir}/grubenv`);
    expect(grubenvVars(env as Buffer)).toEqual({ saved_entry: advancedId(OLD), next_entry: '' });

    writeFileSync(path.join(root, 'boot/grub2/grubenv'), env as Buffer);
    bootProc(root, first.run.boots[0]?.cmdline as string, 40);
    const check = await saferpm(['trial', 'check', '--root', root, '--running-kernel', NEW], { env: f.env });
    expect(check.exitCode, check.stderr).toBe(EXIT.OK);
    expect(check.stdout).toContain(`trial ${id}: promoted`);
    const said = recordedCalls(f.calls).map((c) => c.label);
    expect(said.slice(0, 2)).toEqual(['reboot', 'is-system-running']);
    expect(said[2]).toMatch(new RegExp(`^logger -p authpriv.notice -t saferpm -- trial=${id} status=promoted kernel=${NEW} known_good=${OLD}`));
    expect(said).toHaveLength(3);
    expect(grubenvOf(root)).toEqual({ saved_entry: advancedId(NEW), next_entry: '' });

    // rebuild the disk from the promoted root: GRUB boots the new kernel by default
    const second = await bootRoot({ t, scenario: 'trial: after promotion', root, loader: 'grub2-bios', boots: 1 });
    console.info(`BOOTLAB RESULT trial promoted | grub2-bios | booted ${first.run.boots[0]?.label} then ${second.run.boots[0]?.label} | qemu ${(first.run.ms / 1000).toFixed(1)} s + ${(second.run.ms / 1000).toFixed(1)} s`);
    expect(second.run.boots.map((b) => b.label), second.run.tail).toEqual([NEW]);
    expect(second.run.boots[0]?.cmdline).not.toContain('saferpm.trial');
  });
});
