/**
 * Debian's rpm (built --with-debian, patch "RPM is not default package manager
 * on Debian") prints "RPM should not be used directly install RPM packages,
 * use Alien instead!" and "However assuming you know what you are doing..."
 * on every install, upgrade, freshen and erase, unless --force-debian is given.
 * On such an rpm saferpm adds --force-debian to the install, erase and --test
 * calls it makes itself, so what saferpm shows is what an admin sees on RHEL.
 * Rpm from rpm.org has no such option (it would be "unknown option"), so it is
 * only added where the binary carries the patch's message: one read of a
 * ~25 KB file per process, no extra rpm run. A wrapper script in front of rpm
 * (the shim, a test wrapper) cannot be read that way: then `rpm --help` says.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../exec/run.js';

const MARKER = 'use Alien instead';
const cache = new Map<string, Promise<boolean>>();

function onPath(binary: string): string | undefined {
  if (binary.includes('/')) return binary;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

async function probe(binary: string): Promise<boolean> {
  const file = onPath(binary);
  if (!file) return false;
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return false;
  }
  if (content.subarray(0, 2).toString('latin1') !== '#!') return content.includes(MARKER, 0, 'latin1');
  const help = await runCommand(binary, ['--help'], { providedBy: 'rpm' });
  return /--force-debian\b/.test(help.stdout);
}

/** True when this rpm is Debian's and accepts --force-debian (asked once per binary and process). */
export function acceptsForceDebian(binary: string): Promise<boolean> {
  let known = cache.get(binary);
  if (!known) {
    known = probe(binary);
    cache.set(binary, known);
  }
  return known;
}

/**
 * The arguments of an install/upgrade/freshen/erase call with --force-debian
 * added where rpm accepts it: last among the options, before the '--' that
 * ends them (saferpm's calls always have one), so the user's options keep
 * their places in the record.
 */
export async function withForceDebian(binary: string, args: readonly string[]): Promise<string[]> {
  if (args.includes('--force-debian') || !(await acceptsForceDebian(binary))) return [...args];
  const end = args.indexOf('--');
  return end < 0 ? [...args, '--force-debian'] : [...args.slice(0, end), '--force-debian', ...args.slice(end)];
}
