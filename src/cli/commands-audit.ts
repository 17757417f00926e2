/** Declarations of the audit subcommands (see program.ts for the conventions). */
import path from 'node:path';
import type { Command } from 'commander';
import type { SetAction } from './program.js';

export function registerAuditCommands(program: Command, setAction: SetAction): void {
  program
    .command('restore')
    .description('put configuration files saved before run ID back (all, or the FILEs named), after verifying their SHA-256')
    .argument('<ID>', "the run whose backup to use ('saferpm history' lists them)")
    .argument('[FILE...]', 'paths as seen inside the root, e.g. /etc/ssh/sshd_config')
    .option('--root <DIR>', 'the root file system to work on (a chroot, a mounted rescue image)', '/')
    .option('--dry-run', 'verify the backup and say what would be restored; change nothing')
    .action((id: string, files: string[], o: { root: string; dryRun?: boolean }) =>
      setAction(async (out) => (await import('../commands/restore.js')).restoreCommand({ root: path.resolve(o.root), runId: id, files, dryRun: Boolean(o.dryRun) }, out)));
}
