/**
 * Environment variables that steer saferpm for tests (SAFERPM_FAULT kills it
 * at a chosen write; SAFERPM_RPM and SAFERPM_SENDMAIL name the programs it
 * runs) must not steer a root run from an environment someone else set (a
 * cron file, sudo's env_keep, a wrapper). The rule:
 *  - a run that is not root may use them: it has no privilege to lend;
 *  - a root run honours SAFERPM_FAULT only in test mode: SAFERPM_TEST_MODE
 *    names a regular file owned by root, not writable by group or others,
 *    holding exactly TEST_MODE_TEXT (nobody but root can make one);
 *  - a root run honours SAFERPM_RPM and SAFERPM_SENDMAIL when they name an
 *    absolute path to a file owned by root, not writable by group or others,
 *    in a folder with the same properties (the rpm shim's real rpm is), or in
 *    test mode.
 */
import { constants, closeSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const TEST_MODE_TEXT = 'saferpm test mode\n';

const isRoot = (): boolean => process.geteuid?.() === 0;

export function testMode(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!isRoot()) return true;
  const file = env.SAFERPM_TEST_MODE;
  if (!file || !path.isAbsolute(file)) return false;
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== 0 || (st.mode & 0o022) !== 0 || st.size !== TEST_MODE_TEXT.length) return false;
    return readFileSync(fd, 'utf8') === TEST_MODE_TEXT;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The program a SAFERPM_RPM/SAFERPM_SENDMAIL value names, or why a root run does not use it. */
export function trustedProgram(value: string): { ok: true } | { ok: false; reason: string } {
  if (!isRoot() || testMode()) return { ok: true };
  if (!path.isAbsolute(value)) return { ok: false, reason: 'is not an absolute path' };
  for (const p of [value, path.dirname(value)]) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return { ok: false, reason: `${p} does not exist` };
    }
    if (st.isSymbolicLink() && st.uid === 0) continue; // root's link (e.g. /usr/bin/x -> ...): what it names is root's choice
    if (st.uid !== 0) return { ok: false, reason: `${p} is owned by uid ${st.uid}, not by root` };
    if ((st.mode & 0o022) !== 0 && !(st.isDirectory() && (st.mode & 0o1000) !== 0 && p !== value)) return { ok: false, reason: `${p} is writable by group or others` };
  }
  return { ok: true };
}
