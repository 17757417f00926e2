/**
 * The health checks of a trial boot (docs/trial-boot.md, step 6), one round:
 * - systemctl is-system-running says "running" (starting, degraded,
 *   maintenance are not healthy; systemctl(1) lists the states);
 * - the services active in the patch run's before snapshot are active again
 *   (systemctl is-active, one line per unit in the order given);
 * - the ports listening in that snapshot listen again (/proc/net, read as
 *   the snapshot reads it);
 * - each [trial] check_commands argument vector of the plan exits 0.
 * A check with nothing to compare (no snapshot, services not known then)
 * passes and says why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeCommand, runCommand } from '../exec/run.js';
import type { PatchPlan } from '../recovery/patch-plan/model.js';
import { runDir } from '../record/store.js';
import type { ListeningSocket, Snapshot } from '../snapshot/model.js';
import { parseSnapshotJson } from '../snapshot/parse-snapshot-json.js';
import { scanListeningSockets } from '../snapshot/proc-sockets.js';
import type { StatePaths } from '../state/dirs.js';
import type { HealthResult, Trial } from './model.js';

export interface HealthInput {
  paths: StatePaths;
  trial: Trial;
  /** /proc of the system being checked (ROOT/proc under a test root). */
  procDir: string;
  plan?: PatchPlan;
}

async function systemState(): Promise<HealthResult> {
  const r = await runCommand('systemctl', ['is-system-running'], { timeoutMs: 30_000, providedBy: 'systemd' });
  const state = r.stdout.trim() || r.stderr.trim();
  return { id: 'system', ok: state === 'running', detail: `systemctl is-system-running: ${state || `exit ${r.exitCode}`}` };
}

async function beforeSnapshot(i: HealthInput): Promise<Snapshot | undefined> {
  if (!i.trial.runId) return undefined;
  const file = path.join(runDir(i.paths, i.trial.runId), 'snapshot-before.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return parseSnapshotJson(text, file);
  } catch {
    return undefined;
  }
}

async function services(s: Snapshot | undefined): Promise<HealthResult> {
  if (!s) return { id: 'services', ok: true, detail: 'skipped: no before snapshot of the patch run' };
  if (!s.services.runningKnown) return { id: 'services', ok: true, detail: 'skipped: the before snapshot does not know which services ran' };
  const units = s.services.units.filter((u) => u.active === 'active' && u.name.endsWith('.service')).map((u) => u.name);
  if (units.length === 0) return { id: 'services', ok: true, detail: 'no service was active before' };
  const r = await runCommand('systemctl', ['is-active', ...units], { timeoutMs: 30_000, providedBy: 'systemd' });
  const states = r.stdout.split('\n').map((l) => l.trim());
  const down = units.flatMap((u, n) => (states[n] === 'active' ? [] : [`${u} (${states[n] || 'unknown'})`]));
  return down.length ? { id: 'services', ok: false, detail: `not active again: ${down.join(', ')}` } : { id: 'services', ok: true, detail: `${units.length} services active again` };
}

const key = (s: Pick<ListeningSocket, 'proto' | 'address' | 'port'>): string => `${s.proto} ${s.address}:${s.port}`;

function ports(s: Snapshot | undefined, procDir: string): HealthResult {
  if (!s) return { id: 'ports', ok: true, detail: 'skipped: no before snapshot of the patch run' };
  const want = [...new Set(s.sockets.map(key))];
  if (want.length === 0) return { id: 'ports', ok: true, detail: 'no port was listening before' };
  const now = new Set(scanListeningSockets({ procDir, ownerPids: [] }).sockets.map(key));
  const missing = want.filter((k) => !now.has(k));
  return missing.length ? { id: 'ports', ok: false, detail: `not listening again: ${missing.join(', ')}` } : { id: 'ports', ok: true, detail: `${want.length} ports listening again` };
}

async function commands(plan: PatchPlan | undefined): Promise<HealthResult[]> {
  const out: HealthResult[] = [];
  for (const [file, ...args] of plan?.trial?.checkCommands ?? []) {
    const cmd = describeCommand(file as string, args);
    const r = await runCommand(file as string, args, { timeoutMs: 60_000 }).catch((e: Error) => ({ exitCode: -1, stderr: e.message, stdout: '' }));
    const said = (r.stderr.trim() || r.stdout.trim()).split('\n')[0] ?? '';
    out.push({ id: `command: ${cmd}`, ok: r.exitCode === 0, detail: r.exitCode === 0 ? 'exit 0' : `exit ${r.exitCode}${said ? `: ${said}` : ''}` });
  }
  return out;
}

export async function healthRound(i: HealthInput): Promise<HealthResult[]> {
  const snap = await beforeSnapshot(i);
  return [await systemState(), await services(snap), ports(snap, i.procDir), ...(await commands(i.plan))];
}
