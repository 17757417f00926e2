/**
 * 'saferpm preflight --json': the reboot verdict as a stable object for
 * scripts and configuration management (docs/preflight-json.md). Every key
 * is always present; what is unknown is null. Pure.
 */
import type { BootVerdict } from '../../bootloader/index.js';
import type { RunEntry } from '../history/read.js';

export const PREFLIGHT_SCHEMA = 'saferpm.preflight/1';

export interface PreflightNote {
  /** As seen from inside the root, and on this host. */
  path: string;
  hostPath: string;
  exists: boolean;
}

export interface PreflightFacts {
  verdict: BootVerdict;
  latest?: RunEntry;
  /** The latest run's note (notes/<id>.txt); undefined when there is no run. */
  note?: PreflightNote;
  /** RECOVERY.txt, the latest note of any kind. */
  latestNote: PreflightNote;
}

export interface PreflightJson {
  schema: typeof PREFLIGHT_SCHEMA;
  root: string;
  safe: boolean;
  verdict: 'safe' | 'unsafe';
  reasons: string[];
  kernels: {
    running: string | null;
    runningSource: BootVerdict['runningKernelSource'];
    new: string | null;
    newSource: BootVerdict['kernelSource'];
  };
  bootLoader: { type: string | null; config: string | null };
  checks: { id: string; title: string; level: 'required' | 'wanted'; status: 'pass' | 'fail' | 'warn' | 'skip'; finding: string; reason: string | null }[];
  latestRun: { id: string; status: string | null; exitCode: number | null; startedAt: string | null; damaged: string | null } | null;
  note: { exists: boolean; path: string | null; hostPath: string | null };
  latestNote: { exists: boolean; path: string; hostPath: string };
}

export function preflightJson(f: PreflightFacts): PreflightJson {
  const v = f.verdict;
  return {
    schema: PREFLIGHT_SCHEMA,
    root: v.root,
    safe: v.safe,
    verdict: v.safe ? 'safe' : 'unsafe',
    reasons: v.reasons,
    kernels: { running: v.runningKernel ?? null, runningSource: v.runningKernelSource, new: v.kernel ?? null, newSource: v.kernelSource },
    bootLoader: { type: v.loader ?? null, config: v.configFile ?? null },
    checks: v.checks.map((c) => ({ id: c.id, title: c.title, level: c.level, status: c.status, finding: c.finding, reason: c.reason ?? null })),
    latestRun: f.latest ? latestRunJson(f.latest) : null,
    note: f.note ? { exists: f.note.exists, path: f.note.path, hostPath: f.note.hostPath } : { exists: false, path: null, hostPath: null },
    latestNote: { exists: f.latestNote.exists, path: f.latestNote.path, hostPath: f.latestNote.hostPath },
  };
}

function latestRunJson(e: RunEntry): NonNullable<PreflightJson['latestRun']> {
  if (!e.record) return { id: e.id, status: null, exitCode: null, startedAt: null, damaged: e.damaged };
  const r = e.record;
  return { id: e.id, status: r.status, exitCode: r.exitCode ?? null, startedAt: r.startedAt, damaged: null };
}

/** The lines 'saferpm preflight' adds under the verdict text. */
export function preflightLines(f: PreflightFacts): string[] {
  const lines: string[] = [''];
  const e = f.latest;
  if (!e) lines.push('latest run:     none recorded');
  else if (e.record) lines.push(`latest run:     ${e.id} (${e.record.status}${e.record.exitCode !== undefined ? `, exit ${e.record.exitCode}` : ''})`);
  else lines.push(`latest run:     ${e.id} (damaged: ${e.damaged})`);
  if (f.note) lines.push(`its note:       ${f.note.hostPath}${f.note.exists ? '' : " (missing: 'saferpm note' writes it)"}`);
  lines.push(`latest note:    ${f.latestNote.hostPath}${f.latestNote.exists ? '' : ' (none yet)'}`);
  return lines;
}
