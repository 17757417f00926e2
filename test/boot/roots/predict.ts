/**
 * What saferpm predicts for a root, from the built CLI as users run it:
 * `saferpm boot check --root R --json` (the verdict, with nextBoot) and
 * `saferpm boot info --root R --json`.
 */
import { saferpm } from '../../helpers/roots.js';
import { NEW, OLD } from './kernels.js';

export interface Prediction {
  /** boot check's exit code: 0 safe, 80 do not reboot. */
  exitCode: number;
  safe: boolean;
  /** The version boot check says boots next. */
  nextVersion?: string;
  reasons: string[];
  verdict: Record<string, unknown>;
}

export async function bootCheck(root: string, kernel = NEW, running = OLD): Promise<Prediction> {
  const r = await saferpm(['boot', 'check', '--root', root, '--kernel', kernel, '--running-kernel', running, '--json']);
  if (r.exitCode !== 0 && r.exitCode !== 80) throw new Error(`saferpm boot check --root ${root} exited ${r.exitCode}: ${r.stderr}`);
  const v = JSON.parse(r.stdout) as { safe: boolean; nextBoot?: { version?: string }; reasons: string[] };
  const p: Prediction = { exitCode: r.exitCode, safe: v.safe, reasons: v.reasons, verdict: v as unknown as Record<string, unknown> };
  if (v.nextBoot?.version !== undefined) p.nextVersion = v.nextBoot.version;
  return p;
}

/** boot info's next boot: the version of the entry it marks as booting next. */
export async function bootInfoNext(root: string): Promise<string | undefined> {
  const r = await saferpm(['boot', 'info', '--root', root, '--json']);
  if (r.exitCode !== 0) throw new Error(`saferpm boot info --root ${root} exited ${r.exitCode}: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { nextBoot?: { version?: string } };
  return j.nextBoot?.version;
}
