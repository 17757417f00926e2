/**
 * Services of a SysV-init machine (RHEL 6 and older), read from the links
 * that chkconfig(8) manages: /etc/rc.d/rcN.d/SNNname starts "name" in
 * runlevel N, KNNname stops it. The default runlevel is the initdefault
 * entry of /etc/inittab (inittab(5)). What runs is known only on the live
 * system, from Red Hat's initscripts convention: a started service touches
 * /var/lock/subsys/NAME and removes it when stopped (rc uses it at shutdown).
 * Reading the links in-process gives chkconfig --list's answer for the
 * default runlevel without spawning it, and works under --root.
 */
import { readdir } from 'node:fs/promises';
import { readRootedText, resolveInRoot } from '../fs/rooted.js';
import type { ServicesSnapshot, ServiceState } from './model.js';

/** Red Hat's layout first; Debian-style /etc/rcN.d (on Red Hat a link to rc.d/rcN.d) second. */
const LAYOUTS = [
  { rc: (n: number) => `/etc/rc.d/rc${n}.d`, initd: '/etc/rc.d/init.d' },
  { rc: (n: number) => `/etc/rc${n}.d`, initd: '/etc/init.d' },
];

export async function sysvServices(root: string): Promise<ServicesSnapshot | undefined> {
  const notes: string[] = [];
  const runlevel = await defaultRunlevel(root, notes);
  for (const layout of LAYOUTS) {
    const links = await list(root, layout.rc(runlevel));
    if (links === undefined) continue;
    const scripts = (await list(root, layout.initd)) ?? [];
    const running = root === '/' ? await list(root, '/var/lock/subsys') : undefined;
    if (root !== '/') notes.push(`${root} is not the running system: enabled states only, running services unknown`);
    else if (!running) notes.push('no /var/lock/subsys here: running SysV services unknown');
    return {
      source: 'sysv rc.d links',
      enabledKnown: true,
      runningKnown: running !== undefined,
      units: sysvUnits(links, scripts, running, layout.initd),
      notes,
    };
  }
  return undefined;
}

/** Pure: one entry per init script or S/K link of the runlevel. */
export function sysvUnits(links: readonly string[], scripts: readonly string[], running: readonly string[] | undefined, initd: string): ServiceState[] {
  const started = new Set<string>();
  const names = new Set(scripts.filter((s) => !s.startsWith('.') && s !== 'functions' && s !== 'README'));
  for (const link of links) {
    const m = /^([SK])\d\d(.+)$/.exec(link);
    if (!m) continue;
    names.add(m[2] as string);
    if (m[1] === 'S') started.add(m[2] as string);
  }
  const up = new Set(running ?? []);
  return [...names].sort().map((name) => {
    const u: ServiceState = { name, enabled: started.has(name) ? 'enabled' : 'disabled', file: `${initd}/${name}` };
    if (running) u.active = up.has(name) ? 'active' : 'inactive';
    return u;
  });
}

/** inittab(5): "id:3:initdefault:". Without one, Red Hat's usual multi-user runlevel 3. */
export function parseInitdefault(inittab: string | undefined): number | undefined {
  const m = /^[^#:\n]*:([0-6]):initdefault:/m.exec(inittab ?? '');
  return m ? Number(m[1]) : undefined;
}

async function defaultRunlevel(root: string, notes: string[]): Promise<number> {
  const level = parseInitdefault(await readRootedText(root, '/etc/inittab'));
  if (level !== undefined) return level;
  notes.push('no initdefault entry in /etc/inittab: runlevel 3 assumed');
  return 3;
}

async function list(root: string, dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(await resolveInRoot(root, dir));
  } catch {
    return undefined;
  }
}
