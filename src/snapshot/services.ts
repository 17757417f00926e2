/**
 * Which service source a root has, and reading it. Decided once, before the
 * /proc scan, so that take.ts can start systemctl and read /proc while it runs.
 *
 * - systemd as PID 1 on the live system: sd_booted(3) says so exactly when
 *   /run/systemd/system exists; then systemctl asks the manager.
 * - any root with systemd unit folders: systemctl --root (enabled states).
 * - otherwise SysV rc.d links (chkconfig's data).
 * - neither: said plainly in a note, never an empty list that looks like "no services".
 */
import { stat } from 'node:fs/promises';
import { ParseError, ToolMissingError } from '../errors.js';
import type { ServicesSnapshot } from './model.js';
import { hasSystemdUnits, systemdServices } from './services-systemd.js';
import { sysvServices } from './services-sysv.js';

export type ServicePlan = { kind: 'systemd'; managerRunning: boolean } | { kind: 'sysv' };

export async function planServices(root: string): Promise<ServicePlan> {
  if (root === '/' && (await isDir('/run/systemd/system'))) return { kind: 'systemd', managerRunning: true };
  if (await hasSystemdUnits(root)) return { kind: 'systemd', managerRunning: false };
  return { kind: 'sysv' };
}

/** Starts systemctl (if any) before its first await: callers may do synchronous work meanwhile. */
export async function readServices(root: string, plan: ServicePlan): Promise<ServicesSnapshot> {
  const notes: string[] = [];
  if (plan.kind === 'systemd') {
    try {
      return await systemdServices(root, plan.managerRunning);
    } catch (e) {
      if (e instanceof ParseError) return unknown('systemctl', [`could not read systemctl's answer (${e.message}): services unknown`]);
      if (!(e instanceof ToolMissingError)) throw e;
      notes.push(`${root} has systemd unit folders but systemctl is not installed here: systemd services unknown`);
    }
  }
  const sysv = await sysvServices(root);
  if (sysv) return { ...sysv, notes: [...notes, ...sysv.notes] };
  return unknown('none', [...notes, `no systemd unit folders and no SysV rc.d links under ${root}: services unknown`]);
}

export async function takeServices(root: string): Promise<ServicesSnapshot> {
  return readServices(root, await planServices(root));
}

function unknown(source: ServicesSnapshot['source'], notes: string[]): ServicesSnapshot {
  return { source, enabledKnown: false, runningKnown: false, units: [], notes };
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
