/**
 * The entries a trial works with, found in the boot configuration: the new
 * kernel's own entry (never a trial entry), the known-good kernel's, and the
 * trial entry by its id. Pure.
 */
import { entriesForVersion, type BootConfig, type BootEntry } from '../bootloader/model.js';

const TRIAL_ID = /^saferpm-trial-/;

export function realEntryFor(config: BootConfig, version: string): BootEntry | undefined {
  return entriesForVersion(config, version).find((e) => !e.rescue && !TRIAL_ID.test(e.id ?? ''));
}

export function entryById(config: BootConfig, id: string): BootEntry | undefined {
  return config.entries.find((e) => e.id === id);
}

/** The entry GRUB boots next, by the configuration's default. */
export function nextEntry(config: BootConfig): BootEntry | undefined {
  return config.default.entry === undefined ? undefined : config.entries[config.default.entry];
}
