/**
 * The value saved_entry / next_entry take to name an entry, as GRUB matches
 * it (grub2-default.ts): a BLS id, or the grub.cfg --id, else the title, with
 * the submenu titles before it joined by '>' ('>' in a title doubled). Pure.
 */
import type { BootEntry } from '../bootloader/model.js';

function component(s: string): string {
  return s.replace(/>/g, '>>');
}

export function entrySpec(e: Pick<BootEntry, 'id' | 'title' | 'submenu'>): string {
  return [...(e.submenu ?? []), e.id ?? e.title].map(component).join('>');
}

/** Whether the new kernel's entry came from a BLS file (then the trial entry is a BLS file too). */
export function isBlsEntry(e: Pick<BootEntry, 'source'>, blsDir: string | undefined): boolean {
  return blsDir !== undefined && e.source.file.startsWith(`${blsDir}/`) && e.source.file.endsWith('.conf');
}
