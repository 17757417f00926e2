/**
 * The real safety steps (src/run/steps/) say skip, and why, when they have
 * nothing to do or were turned off, instead of passing in silence (a skipped
 * step showed as ok). Called directly on a run with no packages: nothing here
 * runs rpm.
 */
import { describe, expect, it } from 'vitest';
import type { PackageChange } from '../../../src/record/types.js';
import { effectivePolicy } from '../../../src/recovery/patch-plan/model.js';
import { bootStep } from '../../../src/run/steps/boot.js';
import { changelogStep } from '../../../src/run/steps/changelog.js';
import { configStep } from '../../../src/run/steps/config.js';
import { integrityStep, integrityToolStep } from '../../../src/run/steps/integrity.js';
import { noteStep } from '../../../src/run/steps/note.js';
import { snapshotStep } from '../../../src/run/steps/snapshot.js';
import { standbyStep } from '../../../src/run/steps/standby.js';
import type { RunState, SafetyStep } from '../../../src/run/state.js';
import { tempDir } from '../../helpers/roots.js';
import { runState } from './support.js';

const KERNEL: PackageChange = { name: 'kernel-core', arch: 'x86_64', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true };

async function side(step: SafetyStep, which: 'before' | 'after', run: RunState) {
  const f = step[which];
  if (!f) throw new Error(`${step.name} has no ${which} side`);
  return f.call(step, run);
}

describe('the safety steps say skip and why', () => {
  it('before the transaction: no --changelog, nothing replaced, nothing to verify', async () => {
    const run = runState(tempDir('saferpm-run-'));
    expect(await side(changelogStep(), 'before', run)).toEqual({ outcome: 'skip', detail: 'not asked for (--changelog)' });
    expect(await side(standbyStep(), 'before', run)).toEqual({ outcome: 'skip', detail: 'no installed package is replaced' });
    expect(await side(configStep(), 'before', run)).toEqual({ outcome: 'skip', detail: 'no installed package is replaced' });
    expect(await side(integrityStep(), 'before', run)).toEqual({ outcome: 'skip', detail: 'no installed package to verify before' });
  });

  it('after a transaction that never started: every after-step that needs one', async () => {
    const run = runState(tempDir('saferpm-run-'), { policy: { ...effectivePolicy(), integrityCommand: ['aide', '--check'] } });
    for (const step of [snapshotStep(), configStep(), integrityStep(), bootStep(), integrityToolStep(), noteStep()]) {
      expect(await side(step, 'after', run), step.name).toEqual({ outcome: 'skip', detail: 'the transaction did not start' });
    }
  });

  it('after a transaction without a kernel or boot-critical change: the boot check and the note', async () => {
    const run = runState(tempDir('saferpm-run-'), { started: true });
    run.record.packages = [{ name: 'bash', arch: 'x86_64', before: ['5.1-1'], after: ['5.2-1'], action: 'upgraded', installOnly: false }];
    expect(await side(bootStep(), 'after', run)).toEqual({ outcome: 'skip', detail: 'no kernel or boot-critical package changed' });
    expect(await side(noteStep(), 'after', run)).toEqual({ outcome: 'skip', detail: 'no kernel or boot-critical package changed' });
    expect(await side(configStep(), 'after', run)).toEqual({ outcome: 'skip', detail: 'nothing was backed up before' });
    expect(await side(integrityToolStep(), 'after', run)).toEqual({ outcome: 'skip', detail: 'the patch plan names no integrity_command' });
    expect(run.record.boot).toBeUndefined();
  });

  it('the boot check turned off (--no-boot-check) or pointless (--justdb): skip, and the warning stays', async () => {
    const off = runState(tempDir('saferpm-run-'), { started: true, options: { changelog: false, requireStandby: false, noBootCheck: true } });
    off.record.packages = [KERNEL];
    expect(await side(bootStep(), 'after', off)).toEqual({ outcome: 'skip', detail: 'turned off (--no-boot-check)' });
    expect(off.record.warnings).toEqual(['boot check skipped (--no-boot-check): nobody checked that this machine will boot']);
    const justDb = runState(tempDir('saferpm-run-'), { started: true, options: { changelog: false, requireStandby: false, noBootCheck: false, justDb: true } });
    justDb.record.packages = [KERNEL];
    expect(await side(bootStep(), 'after', justDb)).toEqual({ outcome: 'skip', detail: '--justdb: no kernel files were written' });
    expect(await side(integrityStep(), 'after', justDb)).toEqual({ outcome: 'skip', detail: '--justdb: no file was written' });
  });
});
