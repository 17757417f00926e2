/**
 * Wanted checks: worth knowing before a reboot, never a reason on their own
 * to say "do not reboot" (a healthy machine can have each of these).
 */
import { LOADER_NAMES, describeEntry } from '../model.js';
import { entryProblems } from './files.js';
import { pass, skip, warn, type Check } from './types.js';

export const newIsDefault: Check = {
  id: 'new-is-default',
  title: 'The new kernel boots by default',
  level: 'wanted',
  run: (ctx) => {
    if (!ctx.config || !ctx.kernel) return skip('no configuration or no kernel to check');
    const next = ctx.nextEntry;
    if (next && next.version === ctx.kernel) return pass(`yes: entry ${describeEntry(next)} boots next`);
    const what = next ? `${describeEntry(next)} (${next.version ?? 'not a known kernel version'})` : 'nothing';
    return warn(`no: the next boot starts ${what}, not ${ctx.kernel}`);
  },
};

export const defaultResolves: Check = {
  id: 'default-resolves',
  title: 'The configured default names an entry',
  level: 'wanted',
  run: (ctx) => {
    const c = ctx.config;
    if (!c) return skip('no configuration');
    const d = c.default;
    if (d.matched) return pass(d.note);
    return warn(d.note);
  },
};

export const grubenvIntact: Check = {
  id: 'grubenv',
  title: 'grubenv is an intact 1024-byte block',
  level: 'wanted',
  run: (ctx) => {
    const c = ctx.config;
    if (!c || (c.loader !== 'grub2' && c.loader !== 'bls')) return skip(`not GRUB 2 (${c ? LOADER_NAMES[c.loader] : 'no configuration'})`);
    if (!c.env) return c.loader === 'grub2' ? warn('no grubenv beside grub.cfg: saved_entry and kernelopts are unset at boot') : skip('no grubenv');
    if (c.env.problems.length) return warn(c.env.problems.join('; '));
    return pass(`${c.env.file}: ${Object.keys(c.env.vars).length} variables`);
  },
};

export const sameRoot: Check = {
  id: 'same-root',
  title: 'The new entry mounts the same root= as the running one',
  level: 'wanted',
  run: (ctx) => {
    const n = ctx.newEntry;
    const r = ctx.runningEntry;
    if (!n || !r) return skip(!n ? 'no entry for the new kernel' : 'no entry for the running kernel (or it is unknown)');
    if (n.root === r.root) return pass(n.root === undefined ? 'neither names root=' : `root=${n.root}`);
    return warn(`new entry root=${n.root ?? '(none)'}, running kernel's entry root=${r.root ?? '(none)'}`);
  },
};

export const noStaleEntries: Check = {
  id: 'stale-entries',
  title: 'No entries point at missing files',
  level: 'wanted',
  run: (ctx) => {
    if (!ctx.config) return skip('no configuration');
    const stale = ctx.config.entries.filter((e) => e.linux && entryProblems(ctx, e).length > 0);
    if (stale.length === 0) return pass('every Linux entry has its files');
    const shown = stale.slice(0, 5).map((e) => `${describeEntry(e)}: ${entryProblems(ctx, e)[0]}`);
    const more = stale.length > 5 ? `; and ${stale.length - 5} more` : '';
    return warn(`${stale.length} stale: ${shown.join('; ')}${more}`);
  },
};

const MiB = 1024 * 1024;

function size(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export const bootSpace: Check = {
  id: 'boot-space',
  title: 'Free space on /boot for the next kernel',
  level: 'wanted',
  run: (ctx) => {
    const s = ctx.bootSpace;
    if (!s) return skip('free space on /boot unknown');
    const text = `${size(s.free)} free, a kernel with its initramfs takes ${size(s.needed)}`;
    return s.free >= s.needed ? pass(text) : warn(`${text}: the next kernel update may not fit; remove an old kernel first`);
  },
};

export const uniqueEntries: Check = {
  id: 'duplicates',
  title: 'Entry ids and titles are unique',
  level: 'wanted',
  run: (ctx) => {
    if (!ctx.config) return skip('no configuration');
    const dups: string[] = [];
    for (const key of ['id', 'title'] as const) {
      const seen = new Map<string, string>();
      for (const e of ctx.config.entries) {
        const v = e[key];
        if (v === undefined) continue;
        const first = seen.get(v);
        if (first !== undefined) dups.push(`${key} '${v}' on entries ${first} and ${e.index}`);
        else seen.set(v, e.index);
      }
    }
    if (dups.length === 0) return pass('no duplicates');
    return warn(`${dups.slice(0, 3).join('; ')}${dups.length > 3 ? `; and ${dups.length - 3} more` : ''}: a default naming one picks the first`);
  },
};

export const fullyUnderstood: Check = {
  id: 'config-warnings',
  title: 'The configuration was fully understood',
  level: 'wanted',
  run: (ctx) => {
    const w = ctx.config?.warnings ?? [];
    if (!ctx.config) return skip('no configuration');
    if (w.length === 0) return pass('no warnings');
    return warn(w.slice(0, 4).map((x) => `${x.file}${x.line ? `:${x.line}` : ''}: ${x.message}`).join('; ') + (w.length > 4 ? `; and ${w.length - 4} more` : ''));
  },
};
