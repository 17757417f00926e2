/**
 * GRUB 2's grub.cfg: run the script (grub-script/) with the grubenv block and
 * the BLS entries it may import, then read the menu it built and the
 * `default` and `fallback` it left, as GRUB's menu code does (grub2-default.ts).
 *
 * Where grubby differs, this follows GRUB: grubby counts the lines between
 * two entries as pseudo-entries and ignores --id and "N>M"; GRUB does neither.
 */
import { makeEntry, setBy } from './entry.js';
import { chooseGrubDefault, resolveMenuSpec, type MenuNode } from './grub2-default.js';
import type { BootEntry, ConfigWarning, FallbackChoice, ParsedBoot, UnattendedBoot } from './model.js';
import type { BlsEntry } from './parse-bls.js';
import type { BootCollector } from './grub-script/commands.js';
import { Interp, type RawItem, type ScriptHost } from './grub-script/interp.js';
import { parseGrubScript } from './grub-script/parse.js';
import { ScopedEnv } from './grub-script/expand.js';

/** An entry body's exports are never read (no submenu is made inside an entry). */
const NO_EXPORTS = new Set<string>();

export interface Grub2Options {
  /** Variables of a readable grubenv (what load_env loads); undefined when missing or unreadable. */
  grubenv?: Readonly<Record<string, string>>;
  bls?: readonly BlsEntry[];
  /** Files `source` may read, by path on the boot file system. */
  includes?: ReadonlyMap<string, string>;
  exists?: (bootPath: string) => boolean;
  /** Folder of grub.cfg on the boot file system ("/grub2"): GRUB's $prefix and $config_directory. */
  configDir?: string;
  platform?: 'efi' | 'pc';
}

/** Variables GRUB itself sets and exports before it reads grub.cfg (grub-core/normal/main.c). */
const FEATURES = ['feature_chainloader_bpb', 'feature_ntldr', 'feature_platform_search_hint', 'feature_default_font_path', 'feature_all_video_module', 'feature_menuentry_id', 'feature_menuentry_options', 'feature_200_final', 'feature_nativedisk_cmd', 'feature_timeout_style'];

function initialEnv(o: Grub2Options): Map<string, string> {
  const dir = o.configDir ?? '/grub2';
  const env = new Map<string, string>([
    ['prefix', dir],
    ['config_directory', dir],
    ['grub_platform', o.platform ?? 'pc'],
    ['grub_cpu', o.platform === 'efi' ? 'x86_64' : 'i386'],
  ]);
  for (const f of FEATURES) env.set(f, 'y');
  return env;
}

export function parseGrub2(text: string, file: string, o: Grub2Options = {}): ParsedBoot {
  const nodes = parseGrubScript(text, file);
  const warnings: ConfigWarning[] = [];
  const envPath = `${o.configDir ?? '/grub2'}/grubenv`;
  // A grubenv given to us exists, whatever `exists` says: `[ -s $prefix/grubenv ]` guards load_env.
  const exists = (p: string): boolean => (o.grubenv !== undefined && p === envPath) || (o.exists?.(p) ?? false);
  const host: ScriptHost = { file, bls: o.bls ?? [], includes: o.includes ?? new Map(), exists, warnings };
  if (o.grubenv) host.grubenv = o.grubenv;
  const env = initialEnv(o);
  const it = new Interp(env, new Set(env.keys()), host);
  it.run(nodes);
  const entries: BootEntry[] = [];
  const menu = materialize(it.items, it, entries, [], '');
  const choice = chooseGrubDefault(menu, entries, env.get('default'), it.defaultFrom);
  const parsed: ParsedBoot = { entries, default: setBy(choice, it.defaultAt), warnings };
  const fallback = env.get('fallback');
  if (fallback) parsed.fallback = chooseFallback(menu, entries, fallback);
  parsed.unattended = unattendedOf(env, it, file);
  return parsed;
}

/**
 * GRUB manual, "timeout": "a timeout of -1 (or unset) means to wait
 * indefinitely"; a value strtoul cannot read counts as -1
 * (grub-core/normal/menu.c, grub_menu_get_timeout). "superusers": once set,
 * a restricted entry asks for a password before it boots, even when the
 * countdown chose it (grub_menu_execute_entry checks every entry it runs).
 */
function unattendedOf(env: ReadonlyMap<string, string>, it: Interp, file: string): UnattendedBoot {
  const value = env.get('timeout');
  const at = it.setAt.get('timeout');
  const waits = value === undefined || !/^\s*\d+\s*$/.test(value);
  const where = at ? `${at.file}:${at.line}` : file;
  const note = value === undefined
    ? `${file} never sets timeout: GRUB waits at its menu for a key (GRUB manual, 'timeout': unset waits indefinitely)`
    : waits
      ? `${where}: timeout=${value}: GRUB waits at its menu for a key (GRUB manual, 'timeout': -1 waits indefinitely)`
      : `${where}: timeout=${value.trim()}: GRUB boots the default after ${value.trim()} s`;
  const u: UnattendedBoot = { waits, note, file: at?.file ?? file };
  if (at) u.line = at.line;
  const su = env.get('superusers');
  if (su) u.passwordSet = `superusers=${su}${it.setAt.get('superusers') ? ` (${it.setAt.get('superusers')?.file}:${it.setAt.get('superusers')?.line})` : ''}`;
  return u;
}

/** Build the menu tree and the flat entry list, depth first, running entry and submenu bodies now. */
/**
 * `locked`: an enclosing submenu is restricted. GRUB checks a submenu's
 * users when it enters it (grub_menu_execute_entry runs the submenu as an
 * entry), so an entry reached through a restricted submenu asks for a
 * password too.
 */
function materialize(items: RawItem[], parent: Interp, out: BootEntry[], titles: string[], indexPrefix: string, locked = false): MenuNode[] {
  return items.map((item, i): MenuNode => {
    const index = `${indexPrefix}${i}`;
    const id = item.id !== undefined ? { id: item.id } : {};
    if (item.kind === 'submenu') {
      // A submenu runs in a new environment context that holds only exported variables (grub_env_context_open).
      const env = new Map([...parent.env].filter(([k]) => parent.exported.has(k)));
      const child = new Interp(env, new Set(parent.exported), parent.host);
      child.file = item.file;
      child.run(item.body);
      return { kind: 'submenu', title: item.title, ...id, children: materialize(child.items, child, out, [...titles, item.title], `${index}>`, locked || item.restricted !== false) };
    }
    const made = item.ready ? { ...item.ready, index, ...(titles.length ? { submenu: titles } : {}) } : runEntry(item, parent, index, titles);
    const entry = locked ? { ...made, restricted: true } : made;
    out.push(entry);
    return { kind: 'entry', title: item.title, ...id, flat: out.length - 1 };
  });
}

function runEntry(item: Extract<RawItem, { kind: 'entry' }>, parent: Interp, index: string, titles: string[]): BootEntry {
  const env = new ScopedEnv(parent.env);
  item.positional.forEach((v, k) => env.set(String(k + 1), v));
  const boot: BootCollector = { initrds: [], modules: [], chainloads: false };
  const child = new Interp(env, NO_EXPORTS, parent.host, boot);
  child.file = item.file;
  child.run(item.body ?? []);
  // Xen: multiboot loads the hypervisor, the first module is Linux and the next its initrd.
  const xen = boot.kernel === undefined && boot.hypervisor !== undefined ? boot.modules : undefined;
  const image = boot.kernel ?? xen?.[0];
  return makeEntry({
    index,
    title: item.title,
    ...(item.id !== undefined ? { id: item.id } : {}),
    submenu: titles,
    linux: image !== undefined && !boot.chainloads,
    ...(image ? { kernel: image.path, args: image.args, emptyVars: image.emptyVars } : {}),
    restricted: item.restricted ?? true,
    initrds: xen ? xen.slice(1).map((m) => m.path) : boot.initrds,
    file: item.file,
    line: item.line,
  });
}

/** $fallback: entries tried in order when the default fails to load (a space-separated list on Fedora/RHEL). */
function chooseFallback(menu: MenuNode[], entries: BootEntry[], value: string): FallbackChoice {
  const chain: number[] = [];
  const notes: string[] = [];
  for (const spec of value.split(/\s+/).filter(Boolean)) {
    const r = resolveMenuSpec(menu, spec);
    if (!r.matched || r.flat === undefined) continue;
    chain.push(r.flat);
    notes.push(`fallback '${spec}' is entry ${(entries[r.flat] as BootEntry).index}`);
  }
  const first = chain[0];
  if (first === undefined) return { requested: value, note: `fallback '${value}' names no entry` };
  return { entry: first, chain, requested: value, note: notes.join(', then ') };
}
