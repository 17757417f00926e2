/** Reading this area's own fixtures (fixtures/boot). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from '../../helpers/paths.js';
import { parseBlsEntry, type BlsEntry } from '../../../src/bootloader/parse-bls.js';

export const BOOT_FIXTURES = path.join(FIXTURES, 'boot');
export const ROOTS = path.join(BOOT_FIXTURES, 'roots');

export function config(name: string): string {
  return readFileSync(path.join(BOOT_FIXTURES, 'configs', name), 'utf8');
}

export function blsFolder(dir: string): BlsEntry[] {
  const full = path.isAbsolute(dir) ? dir : path.join(BOOT_FIXTURES, 'configs', dir);
  return readdirSync(full)
    .filter((f) => f.endsWith('.conf'))
    .sort()
    .map((f) => parseBlsEntry(readFileSync(path.join(full, f), 'utf8'), `/boot/loader/entries/${f}`));
}
