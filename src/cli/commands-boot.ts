/** Declarations of the boot subcommands (see program.ts for the conventions). */
import type { Command } from 'commander';
import type { SetAction } from './program.js';
import type { BootInfoOptions } from '../commands/boot-info.js';
import type { BootCheckOptions } from '../commands/boot-check.js';

const TYPES = 'grub|grub2|bls|lilo|extlinux|systemd-boot';

export function registerBootCommands(program: Command, setAction: SetAction): void {
  const boot = program.command('boot').description('read the boot loader and check that the machine will boot');

  boot
    .command('info')
    .description('print the boot entries in boot order and which one boots next (like grubby --info=ALL)')
    .option('--root <dir>', 'the system to look at (default: /)')
    .option('--config <file>', 'the boot loader configuration (for bls: the entries folder), a path inside the root')
    .option('--type <type>', `the format of --config: ${TYPES}`)
    .option('--env <grubenv>', 'the GRUB environment block to read instead of the one beside grub.cfg')
    .option('--boot-prefix <prefix>', '/boot when /boot is its own file system, / when not (default: from the mounts)')
    .option('--json', 'print the configuration as JSON (docs/boot-json.md)')
    .option('--default-kernel', 'print only the kernel that boots next, as grubby --default-kernel')
    .option('--default-index', 'print only the index of the entry that boots next')
    .option('--default-title', 'print only the title of the entry that boots next')
    .action((o: BootInfoOptions) => setAction(async (out) => (await import('../commands/boot-info.js')).bootInfo(o, out)));

  boot
    .command('check')
    .description('check that the new kernel will boot and the running one is still there to fall back to\n(exit 0: safe to reboot; 80: do not reboot)')
    .option('--root <dir>', 'the system to look at (default: /)')
    .option('--kernel <version>', 'uname -r of the kernel to check (default: the newest installed)')
    .option('--running-kernel <version>', 'uname -r of the known-good kernel (default: uname -r when the root is /)')
    .option('--config <file>', 'the boot loader configuration, a path inside the root')
    .option('--type <type>', `the format of --config: ${TYPES}`)
    .option('--env <grubenv>', 'the GRUB environment block to read instead of the one beside grub.cfg')
    .option('--boot-prefix <prefix>', '/boot when /boot is its own file system, / when not (default: from the mounts)')
    .option('--json', 'print the verdict as JSON (docs/boot-json.md)')
    .action((o: BootCheckOptions) => setAction(async (out) => (await import('../commands/boot-check.js')).bootCheck(o, out)));
}
