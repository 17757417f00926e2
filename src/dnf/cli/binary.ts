/**
 * Finding dnf or yum on PATH. On current systems yum is dnf (a link to
 * dnf-3); when a script says yum and there is no yum but there is dnf,
 * saferpm says so instead of silently running something else.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { EXIT, SaferpmError, ToolMissingError } from '../../errors.js';

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(':')) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export function findTool(tool: 'dnf' | 'yum', envPath = process.env.PATH ?? ''): string {
  const found = findOnPath(tool, envPath);
  if (found) return found;
  const dnf = tool === 'yum' ? findOnPath('dnf', envPath) : undefined;
  if (dnf) {
    throw new SaferpmError(`yum is not on PATH, but dnf is (${dnf}); on current systems yum is dnf`, EXIT.UNAVAILABLE, "run 'saferpm dnf ...' with the same arguments, or link yum to dnf");
  }
  throw new ToolMissingError(tool, tool);
}
