/** Declarations of the audit subcommands (see program.ts for the conventions). */
import type { Command } from 'commander';
import type { SetAction } from './program.js';

export function registerAuditCommands(_program: Command, _setAction: SetAction): void {
  // declared here as they are built
}
