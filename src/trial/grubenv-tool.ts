/**
 * grubenv is written only with the real grub2-editenv (RHEL, Fedora) or
 * grub-editenv (Debian, upstream), never by saferpm itself: it keeps the
 * block at 1024 bytes and escapes values as GRUB reads them
 * (util/grub-editenv.c). Every write is read back.
 */
import { readFile } from 'node:fs/promises';
import { EXIT, SaferpmError, ToolMissingError } from '../errors.js';
import { describeCommand, runCommand } from '../exec/run.js';
import { parseGrubEnv } from '../bootloader/parse-grubenv.js';
import type { GrubEnvReport } from '../bootloader/model.js';

const TOOLS = ['grub2-editenv', 'grub-editenv'];

/** Run `TOOL FILE ARGS...` on a host path; throws with the tool's words on failure. */
export async function editenv(hostFile: string, args: string[]): Promise<void> {
  for (const tool of TOOLS) {
    let r;
    try {
      r = await runCommand(tool, [hostFile, ...args], { timeoutMs: 10_000 });
    } catch (e) {
      if (e instanceof ToolMissingError) continue;
      throw e;
    }
    if (r.exitCode === 0) return;
    throw new SaferpmError(`'${describeCommand(tool, [hostFile, ...args])}' failed (exit ${r.exitCode}): ${(r.stderr.trim() || r.stdout.trim()).split('\n')[0]}`, EXIT.IOERR, `look at ${hostFile}; 'saferpm trial status' says what the trial changed`);
  }
  throw new ToolMissingError(TOOLS.join(' or '), 'grub2-tools (RHEL, Fedora) or grub-common (Debian)');
}

/** The block as GRUB reads it (src/bootloader/parse-grubenv.ts). */
export async function readEnv(hostFile: string, file: string): Promise<GrubEnvReport> {
  return parseGrubEnv(await readFile(hostFile), file);
}
