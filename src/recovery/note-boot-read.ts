/**
 * The note's boot section from whatever the caller has: a live BootVerdict
 * (checkBoot), the verdict stored in a run record, or a NoteBoot already.
 * Reads the boot loader's configuration file (inside the root) only to find
 * the line that sets the default.
 */
import type { BootVerdict } from '../bootloader/index.js';
import { readRootedText } from '../fs/rooted.js';
import { noteBootFromVerdict } from './note-boot.js';
import { isNoteBoot, type NoteBoot } from './note-model.js';

export async function bootSection(root: string, v: unknown): Promise<NoteBoot | undefined> {
  if (isNoteBoot(v)) return v;
  if (!isBootVerdict(v)) return undefined;
  const text = v.configFile ? await readRootedText(root, v.configFile).catch(() => undefined) : undefined;
  return noteBootFromVerdict(v, text);
}

export function isBootVerdict(v: unknown): v is BootVerdict {
  const b = v as Partial<BootVerdict> | undefined;
  return typeof b === 'object' && b !== null && b.schema === 'saferpm.boot-verdict/1' && Array.isArray(b.entries) && Array.isArray(b.checks);
}
