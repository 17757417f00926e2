/** Declarations of the recovery subcommands (see program.ts for the conventions). */
import path from 'node:path';
import type { Command } from 'commander';
import type { SetAction } from './program.js';

const ROOT_HELP = 'the root file system to work on (a chroot, a mounted rescue image)';

export function registerRecoveryCommands(program: Command, setAction: SetAction): void {
  const plan = program.command('plan').description('the patch plan /etc/saferpm/plan.toml: contacts, sources, recovery, testing, policy');
  plan
    .command('init')
    .description('write a commented plan template (refuses to overwrite an existing plan)')
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--force', 'replace an existing plan')
    .action((o: { root: string; force?: boolean }) =>
      setAction(async (out) => (await import('../commands/plan.js')).planInit({ root: path.resolve(o.root), force: Boolean(o.force) }, out)));
  plan
    .command('check')
    .description('validate the plan (file, line, what is wrong) and list what is missing; exit 78 when invalid')
    .option('--root <DIR>', ROOT_HELP, '/')
    .action((o: { root: string }) =>
      setAction(async (out) => (await import('../commands/plan.js')).planCheck({ root: path.resolve(o.root) }, out)));

  program
    .command('note')
    .description('write the recovery note for the latest run (or --run ID) and print where it is')
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--run <ID>', 'the run record to write the note for (default: the latest)')
    .action((o: { root: string; run?: string }) =>
      setAction(async (out) => (await import('../commands/note.js')).noteCommand({ root: path.resolve(o.root), runId: o.run }, out)));

  registerRebootCommands(program, setAction);
  registerHistoryCommands(program, setAction);
}

const KERNEL_HELP = 'uname -r of the kernel that should boot next (default: the newest installed)';
const RUNNING_HELP = 'uname -r of the known-good kernel (default: uname -r when the root is /)';

function registerRebootCommands(program: Command, setAction: SetAction): void {
  program
    .command('reboot')
    .description('check the boot loader, write the recovery note, then run the reboot command\n(refuses with exit 80 when a required boot check fails)')
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--kernel <VERSION>', KERNEL_HELP)
    .option('--running-kernel <VERSION>', RUNNING_HELP)
    .option('--force', 'reboot even though a required boot check failed (said loudly and logged)')
    .option('--dry-run', 'do everything but the reboot: check, write the note, log')
    .option('--trial', 'boot the new kernel once; the known-good one stays the default and comes back by itself if the trial fails (docs/trial-boot.md)')
    .action((o: { root: string; kernel?: string; runningKernel?: string; force?: boolean; dryRun?: boolean; trial?: boolean }) =>
      setAction(async (out) => (await import('../commands/reboot.js')).rebootCommand({ ...o, root: path.resolve(o.root) }, out)));
  program
    .command('preflight')
    .description("the verdict 'saferpm reboot' acts on, for scripts; writes nothing\n(exit 0: safe to reboot; 80: do not reboot)")
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--kernel <VERSION>', KERNEL_HELP)
    .option('--running-kernel <VERSION>', RUNNING_HELP)
    .option('--json', 'print a stable JSON object (docs/preflight-json.md)')
    .action((o: { root: string; kernel?: string; runningKernel?: string; json?: boolean }) =>
      setAction(async (out) => (await import('../commands/preflight.js')).preflightCommand({ ...o, root: path.resolve(o.root) }, out)));
}

function registerHistoryCommands(program: Command, setAction: SetAction): void {
  program
    .command('history')
    .description('list the runs, oldest first, and the reboots; with ID, one run: what changed, the verdict, the note, the undo commands')
    .argument('[ID]', 'the run to show')
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--json', 'print JSON instead of text')
    .action((id: string | undefined, o: { root: string; json?: boolean }) =>
      setAction(async (out) => (await import('../commands/history.js')).historyCommand({ root: path.resolve(o.root), json: Boolean(o.json), ...(id ? { id } : {}) }, out)));
  program
    .command('undo')
    .description('undo run ID through saferpm: old versions back from their standby copies, new kernels erased (never the running one); packages changed since the run are left alone')
    .argument('<ID>', "the run to undo ('saferpm history' lists them)")
    .option('--root <DIR>', ROOT_HELP, '/')
    .option('--running-kernel <VERSION>', RUNNING_HELP)
    .option('--dry-run', 'print the commands that would run; change nothing')
    .option('--restore-config', 'then put back the configuration files saved before the run (saferpm restore ID)')
    .option('--skip-missing', 'undo what can be undone when a standby copy is missing, instead of refusing')
    .action((id: string, o: { root: string; runningKernel?: string; dryRun?: boolean; restoreConfig?: boolean; skipMissing?: boolean }) =>
      setAction(async (out) => (await import('../commands/undo.js')).undoCommand({ ...o, id, root: path.resolve(o.root) }, out)));
}
