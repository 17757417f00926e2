/**
 * saferpm dnf|yum ARGS...: commands that change no package go to dnf
 * untouched; a transaction command is first resolved by dnf itself
 * (--assumeno), checked (kernels kept, configuration that hides or loses
 * kernels, advisories, reboot), printed, and then run by the real dnf inside
 * the guarded run (src/run/guarded.ts) with the dnf driver (src/drivers/dnf):
 * snapshots, configuration backup, standby copies, rpm -V, boot check, diff,
 * run record, recovery note. With --saferpm-changelog, the changelogs from
 * the repositories' metadata are shown before anything runs, dry run
 * included. docs/dnf.md.
 */
import { EXIT } from '../errors.js';
import type { Output } from '../output/output.js';
import { makeContext } from '../context.js';
import { loadAliases, withAliases } from '../dnf/cli/aliases.js';
import { parseDnfArgs, type DnfCommandLine } from '../dnf/cli/argv.js';
import { findTool } from '../dnf/cli/binary.js';
import { classifyCommand } from '../dnf/cli/commands.js';
import { passthroughDnf } from '../dnf/cli/passthrough.js';
import { dnfDriver } from '../drivers/dnf/driver.js';
import { guardedRun } from '../run/guarded.js';

export async function runDnf(tool: 'dnf' | 'yum', argv: string[], out: Output, stdinIsTerminal = Boolean(process.stdin.isTTY)): Promise<number> {
  const cl = withAliases(parseDnfArgs(tool, argv), await loadAliases());
  // dnf's -q: only errors and the one-line verdict from saferpm too
  const quiet = dnfQuiet(cl);
  if (quiet) out.beQuiet();
  const binary = findTool(tool);
  const cls = classifyCommand(cl.command, cl.operands);
  const g = cl.globals;
  if (g.help || g.version || cls.kind === 'read-only' || g.downloadonly || g.assumeno) return readOnly(cl, cls.canonical, binary, out);
  const ctx = makeContext({ root: g.installroot, runningKernel: cl.saferpm.runningKernel });
  return guardedRun(dnfDriver(ctx, { cl, command: cls.canonical, binary, quiet, known: cls.kind !== 'unknown', stdinIsTerminal }), out);
}

/** dnf's -q (debuglevel 0), unless -v, which dnf applies after it (dnf/cli/cli.py _configure). */
function dnfQuiet(cl: DnfCommandLine): boolean {
  return cl.globals.quiet && !cl.globals.verbose;
}

/** Passed to dnf untouched (with --saferpm-dry-run: only said). */
async function readOnly(cl: DnfCommandLine, command: string, binary: string, out: Output): Promise<number> {
  if (!cl.saferpm.dryRun) return passthroughDnf(binary, cl.args);
  out.out(`${cl.tool} ${command || '(no command)'} changes no installed package: saferpm passes it to ${binary} unchanged (dry run: command not executed)`);
  return EXIT.OK;
}
