/**
 * The boot check at the end of every run that installed or removed a kernel
 * or changed a boot-critical package: "safe to reboot" or "do not reboot,
 * because ...". When it says do not reboot, the run exits 80 even though rpm
 * succeeded, so a script that reboots on success does not reboot.
 */
import { EXIT } from '../../errors.js';
import { checkBoot, renderBootVerdict, type BootVerdict } from '../../bootloader/index.js';
import { compareEvrStrings } from '../../rpm/evr.js';
import { isBootCritical } from '../../recovery/patch-plan/model.js';
import { passStep, skipStep, warnStep, type RunState, type SafetyStep } from '../state.js';
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
      if (!run.started) return skipStep('the transaction did not start');
      if (!(kernelChanged(run) || bootCriticalChanged(run))) return skipStep('no kernel or boot-critical package changed');
      if (run.options.noBootCheck) {
        run.record.warnings.push('boot check skipped (--no-boot-check): nobody checked that this machine will boot');
        return skipStep('turned off (--no-boot-check)');
      }
      if (run.options.justDb) {
        // rpm --justdb records the packages without writing their files: there is no new
        // vmlinuz or initramfs on disk by design, so "do not reboot" would say nothing.
        run.record.warnings.push('boot check skipped (--justdb): only the rpm database changed, no kernel files were written');
        return skipStep('--justdb: no kernel files were written');
      }
      const verdict = await checkBootFor(run, installedKernels(run), { verifyAfter: true });
      run.record.boot = verdict;
      if (!verdict.safe) run.exitOverride = EXIT.BOOT_UNSAFE;
      run.report.push({ rank: verdict.safe ? 1 : 0, title: 'Boot check', lines: renderBootVerdict(verdict).split('\n') });
      return verdict.safe ? passStep('safe to reboot') : warnStep(`do not reboot: ${verdict.reasons.join('; ')}`);
    },
  };
}

/** The boot check of this run's root for the newest of these kernels (uname -r), the running kernel as known: the one call, after the run and between --one-at-a-time groups. */
export function checkBootFor(run: RunState, kernels: readonly string[], fromRun: { verifyAfter?: boolean } = {}): Promise<BootVerdict> {
  const newest = [...kernels].sort(compareEvrStrings).at(-1);
  const o: Parameters<typeof checkBoot>[0] = { root: run.ctx.root };
  // after the run: the image's line of the run's own rpm -V after (verify-after.ts); between groups there is none yet
  if (fromRun.verifyAfter) o.knownImage = (file) => imageVerdictFromRun(run, file);
  if (newest) o.kernel = newest;
  if (run.ctx.runningKernel) o.runningKernel = run.ctx.runningKernel;
  return checkBoot(o);
}

/** The kernels the run brought in that are installed now. */
function installedKernels(run: RunState): string[] {
  const installed = run.record.packages.filter((p) => p.installOnly && p.action !== 'erased');
  return run.view.incoming.filter((p) => p.installOnly && installed.some((i) => i.name === p.name && i.after.includes(p.evr))).flatMap((p) => p.kernelVersions);
}

export type { BootVerdict };
