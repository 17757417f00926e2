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
}
