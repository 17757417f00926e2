/** Declarations of 'saferpm trial ...' (see program.ts for the conventions; docs/trial-boot.md). */
import path from 'node:path';
import type { Command } from 'commander';
import type { SetAction } from './program.js';

const ROOT_HELP = 'the root file system to work on (a chroot, a mounted rescue image); /proc is ROOT/proc';

export function registerTrialCommands(program: Command, setAction: SetAction): void {
  const trial = program.command('trial').description("the trial boot started by 'saferpm reboot --trial': status, verdict by hand, excluded kernels");
  const load = async () => import('../commands/trial.js');
  trial
    .command('status')
    .description('the trial in progress (else the latest) with its steps, and the excluded kernels')
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--json', 'print a stable JSON object (schema saferpm.trial-status/1)')
    .action((o: { root: string; json?: boolean }) => setAction(async (out) => (await load()).trialStatusCommand({ root: path.resolve(o.root), json: Boolean(o.json) }, out)));
  trial
    .command('check')
    .description('what saferpm-trial.service runs at boot: health checks, then promote or reboot into the known-good kernel; records a fallback on any other boot')
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--running-kernel <VERSION>', 'uname -r of the running kernel (default: uname -r when the root is /)')
    .option('--interval <SECONDS>', 'seconds between health rounds', (v) => Number.parseInt(v, 10), 10)
    .action((o: { root: string; runningKernel?: string; interval: number }) => setAction(async (out) => (await load()).trialCheckCommand({ ...o, root: path.resolve(o.root) }, out)));
  trial
    .command('promote')
    .description('make the trial kernel the default now (the health checks are not run)')
    .option('--root <DIR>', ROOT_HELP, '/')
    .action((o: { root: string }) => setAction(async (out) => (await load()).trialPromoteCommand({ root: path.resolve(o.root) }, out)));
  trial
    .command('abandon')
    .description('drop the trial: remove its entry, clear next_entry; the known-good kernel stays the default')
    .option('--root <DIR>', ROOT_HELP, '/')
    .action((o: { root: string }) => setAction(async (out) => (await load()).trialAbandonCommand({ root: path.resolve(o.root) }, out)));
  trial
    .command('clear')
    .description('allow a kernel that fell back in a trial to boot again')
    .argument('<KERNEL>', 'uname -r of the excluded kernel')
    .option('--root <DIR>', ROOT_HELP, '/')
    .action((kernel: string, o: { root: string }) => setAction(async (out) => (await load()).trialClearCommand({ root: path.resolve(o.root), kernel }, out)));
}
