/**
 * BLS entries as boot entries: what GRUB's blscfg makes of each file
 * (create_entry_bls_config in rhboot/grub2 blscfg.c). On Fedora and RHEL,
 * GRUB is what reads these files, so its reading is the one that boots.
 */
import { makeEntry } from './entry.js';
import type { BootEntry, ConfigWarning, ParsedBoot } from './model.js';
import { blsValue, blsValues, blsWarnings, emptyGrubVars, expandGrubVars, grubPairs, type BlsEntry, type BlsPair } from './parse-bls.js';
import { sortBlsEntries } from './bls-sort.js';
import { resolveSavedEntry, type EnvLines } from './grub2-default.js';

export interface BlsMenuItem {
  entry: BootEntry;
  bls: BlsEntry;
}

/** Sorted menu items, newest first; entries without `linux` are skipped as GRUB skips them. */
export function blsMenuItems(files: readonly BlsEntry[], env: ReadonlyMap<string, string>, warnings: ConfigWarning[]): BlsMenuItem[] {
  const { entries, dropped } = sortBlsEntries(files);
  for (const d of dropped) {
    warnings.push({ file: d.entry.file, message: `GRUB ignores this entry: its name sorts equal to ${d.sameAs.id}` });
  }
  const items: BlsMenuItem[] = [];
  for (const bls of entries) {
    const pairs = grubPairs(bls);
    warnings.push(...blsWarnings(bls));
    const linux = blsValue(pairs, 'linux');
    if (linux === undefined) {
      warnings.push({ file: bls.file, message: "no 'linux' key: GRUB skips this entry" });
      continue;
    }
    items.push({ bls, entry: toBootEntry(bls, pairs, linux, env) });
  }
  return items;
}

/**
 * What boots is what `linux` and `initrd` load: the version comes from the
 * kernel file's name (vmlinuz-<version>), never from the `version` key,
 * which GRUB only uses to sort and which may name another kernel or leave
 * out the architecture. A versionless `linux` (/vmlinuz, a symbolic link)
 * gets its version from the file it resolves to (checks/context.ts).
 *
 * Password: blscfg passes grub_users (expanded) as the entry's user list, so
 * an entry with grub_users is restricted once superusers is set; RHEL's
 * entries carry `grub_arg --unrestricted` to allow booting without a
 * password, and removing it is how RHEL documents password-protected booting
 * (RHEL 8 "Managing, monitoring and updating the kernel", "Protecting GRUB
 * with a password").
 */
function toBootEntry(bls: BlsEntry, pairs: BlsPair[], linux: string, env: ReadonlyMap<string, string>): BootEntry {
  // GRUB takes the first 'options' and falls back to $default_kernelopts (the specification would join them all).
  const options = blsValue(pairs, 'options') ?? env.get('default_kernelopts') ?? '';
  const initrds = blsValues(pairs, 'initrd').flatMap((v) => expandGrubVars(v, env).split(' ').filter(Boolean));
  const line = pairs.find((p) => p.key === 'linux')?.line ?? 1;
  const unrestricted = blsValues(pairs, 'grub_arg').some((a) => a.split(/\s+/).includes('--unrestricted'));
  return makeEntry({
    index: '0',
    title: blsValue(pairs, 'title') ?? linux,
    id: bls.id,
    linux: true,
    kernel: linux,
    initrds,
    args: expandGrubVars(options, env),
    emptyVars: emptyGrubVars(options, env),
    restricted: blsValue(pairs, 'grub_users') !== undefined && !unrestricted,
    file: bls.file,
    line,
  });
}

/**
 * A root with BLS entries and no GRUB configuration to read (--type bls): the
 * entries in blscfg's order; the default is grubenv's next_entry, then
 * saved_entry, matched as GRUB matches them, else the first entry.
 */
export function parseBlsOnly(files: readonly BlsEntry[], env: ReadonlyMap<string, string>, envAt?: EnvLines): ParsedBoot {
  const warnings: ConfigWarning[] = [];
  const entries = blsMenuItems(files, env, warnings).map((item, i) => ({ ...item.entry, index: String(i) }));
  return { entries, default: resolveSavedEntry(entries, env, envAt), warnings };
}
