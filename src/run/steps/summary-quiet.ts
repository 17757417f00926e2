/**
 * The summary when quiet (dnf's -q; cron jobs, "stderr not empty means
 * failure" checks): nothing when the run went well and no kernel changed; the
 * one-line boot verdict when a kernel changed; one error line when the run
 * did not succeed. Everything else stays in the run record and the report.
 */
import { EXIT } from '../../errors.js';
import { verdictLine } from '../../bootloader/index.js';
import { runExitCode } from '../exit-code.js';
import type { RunState } from '../state.js';
import { bootCriticalChanged, kernelChanged } from './boot.js';

export function quietSummary(run: RunState): void {
  const { record } = run;
  if (kernelChanged(run) || bootCriticalChanged(run)) run.out.notice(`${bootLine(run)}${kernelWords(run)}`);
  const exit = runExitCode(run);
  if (exit === EXIT.OK || exit === EXIT.BOOT_UNSAFE) return; // the verdict line has said it
  const first = [...record.commands.flatMap((c) => c.problems), ...record.warnings][0];
  run.out.error(`run ${record.id} ended with exit ${exit} (${record.status})${first ? `: ${first}` : ''}; 'saferpm history ${record.id}' shows it all`);
}

function bootLine(run: RunState): string {
  const boot = run.record.boot;
  if (boot && 'safe' in boot) return `boot check: ${verdictLine(boot)}`;
  if (run.options.noBootCheck) return 'boot check skipped on request: nobody checked that this machine will boot';
  return 'boot check did not run: see the run record';
}

/** " (kernel 6.1.15-1 installed, 6.1.10-1 erased)": the versions that came and went. */
function kernelWords(run: RunState): string {
  const kernels = run.record.packages.filter((p) => p.installOnly);
  const added = [...new Set(kernels.flatMap((p) => p.after.filter((v) => !p.before.includes(v))))];
  const erased = [...new Set(kernels.flatMap((p) => p.before.filter((v) => !p.after.includes(v))))];
  const words = [added.length ? `${added.join(', ')} installed` : '', erased.length ? `${erased.join(', ')} erased` : ''].filter(Boolean);
  return words.length ? ` (kernel ${words.join(', ')})` : '';
}
