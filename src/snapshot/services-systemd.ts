/**
 * Services of a systemd machine through systemctl. On the running system
 * with systemd as PID 1, systemctl asks the manager, which also knows what
 * runs; for any other root (or a live system whose PID 1 is not systemd),
 * `systemctl --root=DIR` reads the unit files and links offline: enabled
 * states only (systemctl(1), --root; list-units refuses --root).
 */
import { readdir } from 'node:fs/promises';
import { runCommand } from '../exec/run.js';
import { resolveInRoot } from '../fs/rooted.js';
import type { ServicesSnapshot, ServiceState } from './model.js';
import { parseListUnitFiles, parseListUnits, templateOf, type UnitRuntime } from './parse-systemctl.js';

const LISTING = ['--type=service', '--no-legend', '--no-pager', '--full'];
const TIMEOUT_MS = 60_000;

/**
 * Where packages put unit files, vendor folders first (systemd.unit(5),
 * "Unit File Load Path"; rpm's %_unitdir is /usr/lib/systemd/system): the
 * file recorded for a unit is the packaged one, so that a change can be
 * traced to the package that owns it.
 */
const UNIT_DIRS = ['/usr/lib/systemd/system', '/lib/systemd/system', '/usr/local/lib/systemd/system', '/etc/systemd/system', '/run/systemd/system'];

export async function systemdServices(root: string, managerRunning: boolean): Promise<ServicesSnapshot> {
  const live = managerRunning && root === '/';
  const base = live ? [] : [`--root=${root}`];
  const notes: string[] = [];
  const files = await listUnitFiles(base, notes);
  let runtime: Map<string, UnitRuntime> | undefined;
  if (live) runtime = await listUnits(notes);
  else notes.push(root === '/' ? 'systemd is not PID 1 here: running units unknown' : `${root} is not the running system: enabled states only, running units unknown`);
  const index = await unitFileIndex(root);
  const names = [...new Set([...(files?.keys() ?? []), ...(runtime?.keys() ?? [])])].sort();
  const units = names.map((name): ServiceState => {
    const u: ServiceState = { name };
    const enabled = files?.get(name);
    const rt = runtime?.get(name);
    if (enabled) u.enabled = enabled;
    if (rt) Object.assign(u, { active: rt.active, sub: rt.sub });
    const file = index.get(name) ?? index.get(templateOf(name) ?? '');
    if (file) u.file = file;
    return u;
  });
  return {
    source: live ? 'systemctl' : 'systemctl --root',
    enabledKnown: files !== undefined,
    runningKnown: runtime !== undefined,
    units,
    notes,
  };
}

async function listUnitFiles(base: string[], notes: string[]): Promise<Map<string, string> | undefined> {
  const args = [...base, 'list-unit-files', ...LISTING];
  const r = await runCommand('systemctl', args, { providedBy: 'systemd', timeoutMs: TIMEOUT_MS });
  // With no unit files at all systemctl exits 1 and prints nothing: an empty answer, not a failure.
  if (r.exitCode !== 0 && (r.stdout.trim() !== '' || r.stderr.trim() !== '')) {
    notes.push(`'systemctl ${args.join(' ')}' failed (${firstLine(r.stderr) || `exit ${r.exitCode}`}): enabled services unknown`);
    return undefined;
  }
  return parseListUnitFiles(r.stdout, 'systemctl list-unit-files');
}

async function listUnits(notes: string[]): Promise<Map<string, UnitRuntime> | undefined> {
  const args = ['list-units', '--all', '--plain', ...LISTING];
  const r = await runCommand('systemctl', args, { providedBy: 'systemd', timeoutMs: TIMEOUT_MS });
  if (r.exitCode !== 0) {
    notes.push(`'systemctl ${args.join(' ')}' failed (${firstLine(r.stderr) || `exit ${r.exitCode}`}): running units unknown`);
    return undefined;
  }
  return parseListUnits(r.stdout, 'systemctl list-units');
}

/** Unit name -> path inside the root of its packaged file, first folder wins. */
export async function unitFileIndex(root: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  for (const dir of UNIT_DIRS) {
    let names: string[];
    try {
      names = await readdir(await resolveInRoot(root, dir));
    } catch {
      continue;
    }
    for (const n of names) if (n.endsWith('.service') && !index.has(n)) index.set(n, `${dir}/${n}`);
  }
  return index;
}

/** Whether the root holds systemd unit folders at all. */
export async function hasSystemdUnits(root: string): Promise<boolean> {
  for (const dir of UNIT_DIRS) {
    try {
      await readdir(await resolveInRoot(root, dir));
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
