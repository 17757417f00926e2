/**
 * What systemd-boot makes of BLS type #1 entries (systemd 252,
 * src/boot/efi/boot.c: boot_entry_add_type1, boot_entry_compare,
 * config_select_default_entry), which is not what GRUB's blscfg makes:
 * - an entry's id is its file name, ".conf" included, in lower case;
 * - an entry whose `linux` file is not on the partition is dropped;
 * - all `options` lines are joined; every `initrd` is loaded;
 * - order: entries with no tries left (boot counting "+0-N") last; then
 *   entries with a sort-key before those without; two with a sort-key by
 *   sort-key, machine-id, then version newest first; then by id, newest
 *   first (strverscmp_improved, descending);
 * - the default: the EFI variable LoaderEntryOneShot, else
 *   LoaderEntryDefault, else loader.conf's `default` glob ("@saved": the
 *   variable LoaderEntryLastBooted), the first entry in that order whose id
 *   matches; when nothing matches, the first entry.
 */
import { makeEntry, setBy } from './entry.js';
import { efiFnmatch } from './efi-fnmatch.js';
import type { BootEntry, ConfigWarning, DefaultChoice, ParsedBoot } from './model.js';
import { blsValue, blsValues, type BlsEntry } from './parse-bls.js';
import type { LoaderConf } from './parse-loader-conf.js';
import { strverscmpImproved, type Cmp } from './strverscmp.js';

/** EFI variables of the Boot Loader Interface, when the root shows them (/sys/firmware/efi/efivars). */
export interface SdbootVars {
  /** Overrides loader.conf's timeout (bootctl set-timeout): seconds, or menu-force/menu-hidden/menu-disabled. */
  LoaderConfigTimeout?: string;
  LoaderEntryOneShot?: string;
  LoaderEntryDefault?: string;
  LoaderEntryLastBooted?: string;
}

export interface SdbootInput {
  files: readonly BlsEntry[];
  conf?: LoaderConf;
  vars: SdbootVars;
  /** false when an entry's `linux` file is missing on the partition (systemd-boot then drops the entry). */
  linuxExists: (path: string) => boolean;
}

interface Item {
  bls: BlsEntry;
  id: string;
  sortKey?: string;
  machineId?: string;
  version?: string;
  triesLeft?: number;
  triesDone?: number;
}

/** Boot counting: NAME+LEFT[-DONE].conf (systemd-boot's boot_entry_parse_tries). */
export function triesOf(fileName: string): { left: number; done: number } | undefined {
  const m = /\+(\d+)(?:-(\d+))?\.conf$/i.exec(fileName);
  return m ? { left: Number(m[1]), done: Number(m[2] ?? 0) } : undefined;
}

const cmp = (a: number, b: number): Cmp => (a < b ? -1 : a > b ? 1 : 0);
const strcmp = (a: string | undefined, b: string | undefined): Cmp => (a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : a > b ? 1 : 0);

export function compareSdboot(a: Item, b: Item): number {
  const r = cmp(Number(a.triesLeft === 0), Number(b.triesLeft === 0)) || cmp(Number(!a.sortKey), Number(!b.sortKey));
  if (r) return r;
  if (a.sortKey && b.sortKey) {
    const s = strcmp(a.sortKey, b.sortKey) || strcmp(a.machineId, b.machineId) || -strverscmpImproved(a.version, b.version);
    if (s) return s;
  }
  const byId = -strverscmpImproved(a.id, b.id);
  if (byId || a.triesLeft === undefined || b.triesLeft === undefined) return byId;
  return -cmp(a.triesLeft, b.triesLeft) || cmp(a.triesDone ?? 0, b.triesDone ?? 0);
}

function itemOf(bls: BlsEntry): Item {
  const base = bls.file.slice(bls.file.lastIndexOf('/') + 1);
  const it: Item = { bls, id: base.toLowerCase() };
  const sortKey = blsValue(bls.pairs, 'sort-key');
  const machineId = blsValue(bls.pairs, 'machine-id');
  const version = blsValue(bls.pairs, 'version');
  if (sortKey !== undefined) it.sortKey = sortKey;
  if (machineId !== undefined) it.machineId = machineId;
  if (version !== undefined) it.version = version;
  const tries = triesOf(base);
  if (tries) {
    it.triesLeft = tries.left;
    it.triesDone = tries.done;
  }
  return it;
}

function toEntry(it: Item, index: number, image: { linux: boolean; path: string }): BootEntry {
  const p = it.bls.pairs;
  const version = blsValue(p, 'version');
  return makeEntry({
    index: String(index),
    title: blsValue(p, 'title') ?? it.id,
    id: it.id,
    linux: image.linux,
    kernel: image.path,
    initrds: blsValues(p, 'initrd'),
    args: blsValues(p, 'options').join(' ').split(/\s+/).filter(Boolean).join(' '),
    ...(version !== undefined ? { version } : {}),
    file: it.bls.file,
    line: p.find((x) => x.key === 'linux' || x.key === 'efi')?.line ?? 1,
  });
}

/** Which request decides, in systemd-boot's order, and its pattern. */
function requestOf(conf: LoaderConf | undefined, vars: SdbootVars): { pattern: string; why: string; oneTime: boolean; at?: { file: string; line: number; setting: string } } | undefined {
  if (vars.LoaderEntryOneShot) return { pattern: vars.LoaderEntryOneShot, why: 'EFI variable LoaderEntryOneShot (bootctl set-oneshot)', oneTime: true };
  const efi = vars.LoaderEntryDefault;
  if (efi) return { pattern: efi === '@saved' ? (vars.LoaderEntryLastBooted ?? '') : efi, why: 'EFI variable LoaderEntryDefault (bootctl set-default)', oneTime: false };
  const d = conf?.default;
  if (!d) return undefined;
  const pattern = d.pattern === '@saved' ? (vars.LoaderEntryLastBooted ?? '') : d.pattern;
  return { pattern, why: `${conf.file}:${d.line} default ${d.pattern}`, oneTime: false, at: { file: conf.file, line: d.line, setting: 'default' } };
}

function chooseDefault(entries: BootEntry[], conf: LoaderConf | undefined, vars: SdbootVars): DefaultChoice {
  const req = requestOf(conf, vars);
  const first = entries.length ? 0 : undefined;
  const from: DefaultChoice['from'] = req === undefined ? 'none' : req.at !== undefined ? 'config' : 'efi-variable';
  if (req && req.pattern) {
    const pattern = req.pattern.toLowerCase();
    const i = entries.findIndex((e) => efiFnmatch(pattern, e.id as string));
    if (i >= 0) {
      return setBy({ entry: i, requested: req.pattern, from, matchedBy: 'glob', matched: true, note: `${req.why} matches ${entries[i]?.id}`, oneTime: req.oneTime }, req.at);
    }
  }
  const note = req ? `${req.why} matches no entry: systemd-boot boots its first entry` : 'no default set: systemd-boot boots its first entry (entries sorted as systemd-boot sorts them)';
  const c: DefaultChoice = { from, matchedBy: 'first-entry', matched: req === undefined, note: entries.length ? note : 'there are no boot entries', oneTime: false };
  if (first !== undefined) c.entry = first;
  if (req) c.requested = req.pattern;
  return setBy(c, req?.at);
}

/** The menu waits for a person (timeout menu-force, from the EFI variable or else loader.conf): nothing boots unattended. */
function waitsForever(conf: LoaderConf | undefined, vars: SdbootVars): string | undefined {
  const v = vars.LoaderConfigTimeout;
  if (v !== undefined) return v === 'menu-force' ? 'EFI variable LoaderConfigTimeout is menu-force' : undefined;
  return conf?.timeout?.forever ? `${conf.file}:${conf.timeout.line} timeout menu-force` : undefined;
}

export function parseSdboot(input: SdbootInput): ParsedBoot {
  const warnings: ConfigWarning[] = [...(input.conf?.warnings ?? [])];
  const kept: { it: Item; image: { linux: boolean; path: string } }[] = [];
  for (const bls of input.files) {
    // The last 'linux' or 'efi' line decides the entry's type, as boot_entry_add_type1 reads them in order.
    const last = [...bls.pairs].reverse().find((p) => p.key === 'linux' || p.key === 'efi');
    if (!last) {
      warnings.push({ file: bls.file, message: "no 'linux' or 'efi' key: systemd-boot does not list this entry" });
      continue;
    }
    if (!input.linuxExists(last.value)) {
      warnings.push({ file: bls.file, line: last.line, message: `systemd-boot drops this entry: ${last.value} is not on the partition` });
      continue;
    }
    kept.push({ it: itemOf(bls), image: { linux: last.key === 'linux', path: last.value } });
  }
  kept.sort((a, b) => compareSdboot(a.it, b.it));
  const entries = kept.map((k, i) => toEntry(k.it, i, k.image));
  const choice = chooseDefault(entries, input.conf, input.vars);
  const forever = waitsForever(input.conf, input.vars);
  if (forever && choice.entry !== undefined) {
    // The highlighted entry is not what boots: nothing does until someone picks one.
    const { entry: highlighted, ...rest } = choice;
    return { entries, default: { ...rest, matched: false, note: `${forever}: systemd-boot shows its menu and waits for a person (entry ${highlighted} highlighted); nothing boots unattended` }, warnings };
  }
  return { entries, default: choice, warnings };
}
