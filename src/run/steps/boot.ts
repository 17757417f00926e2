/**
 * The boot check at the end of every run that installed or removed a kernel
 * or changed a boot-critical package: "safe to reboot" or "do not reboot,
 * because ...". When it says do not reboot, the run exits 80 even though rpm
 * succeeded, so a script that reboots on success does not reboot.
 */
import { EXIT } from '../../errors.js';
import { checkBoot, renderBootVerdict, type BootVerdict } from '../../bootloader/index.js';
import { compareEvrStrings } from '../../rpm/evr.js';
import { isBootCritical } from '../../recovery/plan-model.js';
import type { RunState, SafetyStep } from '../state.js';
import { imageVerdictFromRun } from './verify-after.js';

export function kernelChanged(run: RunState): boolean {
  return run.record.packages.some((p) => p.installOnly && p.action !== 'unchanged' && p.action !== 'skipped');
}

export function bootCriticalChanged(run: RunState): boolean {
  return run.record.packages.some((p) => p.action !== 'unchanged' && p.action !== 'skipped' && isBootCritical(p.name, run.policy));
}

export function bootStep(): SafetyStep {
  return {
    name: 'boot check',
    required: false,
    async after(run) {
      if (!run.started || !(kernelChanged(run) || bootCriticalChanged(run))) return;
      if (run.options.noBootCheck) {
        run.record.warnings.push('boot check skipped (--no-boot-check): nobody checked that this machine will boot');
        return;
      }
      if (run.options.justDb) {
        // rpm --justdb records the packages without writing their files: there is no new
        // vmlinuz or initramfs on disk by design, so "do not reboot" would say nothing.
        run.record.warnings.push('boot check skipped (--justdb): only the rpm database changed, no kernel files were written');
        return;
      }
      const verdict = await checkBoot(bootOptions(run));
      run.record.boot = verdict;
      if (!verdict.safe) run.exitOverride = EXIT.BOOT_UNSAFE;
      run.report.push({ rank: verdict.safe ? 1 : 0, title: 'Boot check', lines: renderBootVerdict(verdict).split('\n') });
    },
  };
}

function bootOptions(run: RunState): Parameters<typeof checkBoot>[0] {
  const installed = run.record.packages.filter((p) => p.installOnly && p.action !== 'erased');
  const fresh = run.view.incoming.filter((p) => p.installOnly && installed.some((i) => i.name === p.name && i.after.includes(p.evr)));
  const newest = fresh.flatMap((p) => p.kernelVersions).sort(compareEvrStrings).at(-1);
  const o: Parameters<typeof checkBoot>[0] = { root: run.ctx.root, knownImage: (file) => imageVerdictFromRun(run, file) };
  if (newest) o.kernel = newest;
  if (run.ctx.runningKernel) o.runningKernel = run.ctx.runningKernel;
  return o;
}

export type { BootVerdict };
