/** Declarations of the shipping subcommands: the opt-in rpm shim (see program.ts for the conventions). */
import type { Command } from 'commander';
import type { SetAction } from './program.js';
import { DEFAULT_PREFIX, DEFAULT_REAL_RPM } from '../shim/script.js';

const PREFIX_HELP = "the folder of the shim; it must come before the real rpm's folder on root's PATH";

export function registerShipCommands(program: Command, setAction: SetAction): void {
  const shim = program
    .command('shim')
    .description('the opt-in rpm shim: an rpm before /usr/bin/rpm on PATH that sends rpm -i/-U/-F through saferpm');

  shim
    .command('install')
    .description("place the shim PREFIX/rpm (refuses to replace a file that is not saferpm's shim)")
    .option('--prefix <DIR>', PREFIX_HELP, DEFAULT_PREFIX)
    .option('--rpm <PATH>', 'the real rpm, which the shim runs for every other mode', DEFAULT_REAL_RPM)
    .option('--force', "replace someone else's PREFIX/rpm, keeping it for 'shim remove' to put back")
    .action((o: { prefix: string; rpm: string; force?: boolean }) =>
      setAction(async (out) => (await import('../commands/shim.js')).shimInstall({ prefix: o.prefix, rpm: o.rpm, force: Boolean(o.force) }, out)));

  shim
    .command('status')
    .description('say whether the shim is installed and whether PATH finds it first (exit 0: active; 1: not)')
    .option('--prefix <DIR>', PREFIX_HELP, DEFAULT_PREFIX)
    .action((o: { prefix: string }) =>
      setAction(async (out) => (await import('../commands/shim.js')).shimStatusCommand({ prefix: o.prefix }, out)));

  shim
    .command('remove')
    .description('remove the shim and put back exactly what was at PREFIX/rpm before')
    .option('--prefix <DIR>', PREFIX_HELP, DEFAULT_PREFIX)
    .action((o: { prefix: string }) =>
      setAction(async (out) => (await import('../commands/shim.js')).shimRemove({ prefix: o.prefix }, out)));
}
