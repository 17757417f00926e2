import { describe, expect, it } from 'vitest';
import { logLine, loggerArgs } from '../../../src/run/steps/log.js';
import { newRecord } from '../../../src/record/store.js';
import type { PackageChange, RunRecord } from '../../../src/record/types.js';
import type { BootVerdict } from '../../../src/bootloader/verdict.js';

function record(packages: PackageChange[], extra: Partial<RunRecord> = {}): RunRecord {
  return { ...newRecord({ id: '20261127T140512Z-3f9a1c', tool: 'rpm', commandLine: ['-Uvh', 'x.rpm'], root: '/' }), user: 'alice', status: 'succeeded', packages, ...extra };
}

const kernelCore: PackageChange = { name: 'kernel-core', arch: 'x86_64', before: ['6.1.10-1'], after: ['6.1.10-1', '6.1.12-1'], action: 'installed-beside', installOnly: true };
const kernel: PackageChange = { ...kernelCore, name: 'kernel' };
const dracut: PackageChange = { name: 'dracut', arch: 'noarch', before: ['1.0-1'], after: ['2.0-1'], action: 'upgraded', installOnly: false };
/** A boot verdict: only safe and reasons matter to the line. */
const verdict = (safe: boolean, reasons: string[]): BootVerdict => ({
  schema: 'saferpm.boot-verdict/1', safe, reasons, root: '/', kernelSource: 'none', runningKernelSource: 'unknown', installedKernels: [], entries: [], checks: [],
});
const same: PackageChange = { name: 'bash', arch: 'x86_64', before: ['5.1-1'], after: ['5.1-1'], action: 'unchanged', installOnly: false };

describe('the syslog line of a run', () => {
  it('says the run, what changed, the kernels and the boot verdict, at notice for a good run', () => {
    const r = record([kernelCore, kernel, dracut, same], { boot: verdict(true, []), note: { path: '/var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt' } });
    expect(loggerArgs(r, 0)).toEqual([
      '-p', 'authpriv.notice', '-t', 'saferpm', '--',
      'run=20261127T140512Z-3f9a1c tool=rpm status=succeeded exit=0 user=alice root=/ changed=3 installed-beside=2 upgraded=1 kernels_added=6.1.12-1 kernels_removed=- boot=safe-to-reboot note=/var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt',
    ]);
  });

  it('is a warning when the boot check says do not reboot, quoting the reason', () => {
    const r = record([kernelCore], { boot: verdict(false, ['no initramfs for 6.1.12-1.x86_64']) });
    const args = loggerArgs(r, 80);
    expect(args.slice(0, 2)).toEqual(['-p', 'authpriv.warning']);
    expect(args.at(-1)).toContain('exit=80');
    expect(args.at(-1)).toMatch(/ boot="do-not-reboot: no initramfs for 6\.1\.12-1\.x86_64"$/);
  });

  it('is a warning for a failed run, says not-checked without a boot check and names erased kernels', () => {
    const erased: PackageChange = { name: 'kernel-core', arch: 'x86_64', before: ['6.1.8-1', '6.1.10-1'], after: ['6.1.10-1'], action: 'erased', installOnly: true };
    const line = logLine(record([erased], { status: 'failed' }), 1);
    expect(line).toBe('run=20261127T140512Z-3f9a1c tool=rpm status=failed exit=1 user=alice root=/ changed=1 erased=1 kernels_added=- kernels_removed=6.1.8-1 boot=not-checked');
    expect(loggerArgs(record([], { status: 'failed' }), 1)[1]).toBe('authpriv.warning');
  });

  it('stays one line whatever a value holds', () => {
    const line = logLine(record([], { root: '/mnt/a b\nc', user: 'x"y' }), 0);
    expect(line).not.toContain('\n');
    expect(line).toContain('user="x\\"y" root="/mnt/a b c"');
  });
});
