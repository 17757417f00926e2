/**
 * Tests that need a real tool (rpm, rpmbuild, dnf, createrepo_c, grub-editenv,
 * ansible-playbook) say so with needTools(). Without the tool they are skipped
 * with a visible reason on a developer's machine; when CI=true a missing tool
 * is a failure, never a silent skip.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function haveTool(name: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

/** true when every tool is present; throws under CI when one is missing. */
export function needTools(...names: string[]): boolean {
  const missing = names.filter((n) => !haveTool(n));
  if (missing.length === 0) return true;
  const msg = `missing tools: ${missing.join(', ')} (install them; .ci/run does)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI: ${msg}`);
  console.warn(`SKIPPED: ${msg}`);
  return false;
}

/** true when running as root (mounts, other users); throws under CI when not, as needTools does for a missing tool. */
export function needRoot(why: string): boolean {
  if (process.getuid?.() === 0) return true;
  const msg = `${why}: run as root`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI: ${msg}`);
  console.warn(`SKIPPED: ${msg}`);
  return false;
}
