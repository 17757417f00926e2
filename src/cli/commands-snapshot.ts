/** Declarations of the snapshot subcommands (see program.ts for the conventions). */
import type { Command } from 'commander';
import type { SetAction } from './program.js';

export function registerSnapshotCommands(program: Command, setAction: SetAction): void {
  const snapshot = program
    .command('snapshot')
    .description('processes, listening ports and services before and after a change, and what changed');

  snapshot
    .command('take')
    .description('record processes and listening sockets (of the running system) and services (of the root)')
    .requiredOption('--out <file>', 'write the snapshot (JSON) to this file')
    .option('--root <dir>', 'read services from this root instead of / (processes and sockets are always the running system\'s)')
    .option('--text', 'also write FILE.ps-ef.txt and FILE.netstat.txt beside it, to sdiff')
    .action((o: { out: string; root?: string; text?: boolean }) =>
      setAction(async (out) => (await import('../commands/snapshot.js')).snapshotTake({ root: o.root, out: o.out, text: Boolean(o.text) }, out)));

  snapshot
    .command('diff')
    .description('what changed between two snapshots: ports, services, long-running processes')
    .argument('<before>', 'snapshot file taken first')
    .argument('<after>', 'snapshot file taken later')
    .option('--json', 'print the diff as JSON')
    .action((a: string, b: string, o: { json?: boolean }) =>
      setAction(async (out) => (await import('../commands/snapshot.js')).snapshotDiff({ a, b, json: Boolean(o.json) }, out)));
}
