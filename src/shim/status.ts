/**
 * Is the shim there, is it saferpm's, do the programs it names exist, and
 * does this PATH find it before the real rpm? Reads only.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { inspectTarget, isExecutableFile, rpmOnPath, type Found } from './inspect.js';
import { SHIM_NAME } from './script.js';

export interface ShimStatus {
  target: string;
  found: Found['kind'];
  /** For a shim: what it records, and whether each program is still there. */
  shim?: { writtenBy: string; realRpm: string; realRpmOk: boolean; saferpm: string[]; saferpmOk: boolean; backup: string | null };
  /** The rpm this PATH runs, and whether that is the shim. */
  onPath?: string;
  active: boolean;
  prefixOnPath: boolean;
}

export function shimStatus(prefix: string, pathEnv: string): ShimStatus {
  const target = path.join(path.normalize(prefix), SHIM_NAME);
  const found = inspectTarget(target);
  const onPath = rpmOnPath(pathEnv);
  const status: ShimStatus = {
    target,
    found: found.kind,
    active: found.kind === 'shim' && onPath !== undefined && sameFile(onPath, target),
    prefixOnPath: pathEnv.split(':').some((d) => d !== '' && sameFile(d, prefix)),
  };
  if (onPath) status.onPath = onPath;
  if (found.kind === 'shim') {
    const s = found.spec;
    status.shim = {
      writtenBy: s.writtenBy, realRpm: s.realRpm, realRpmOk: isExecutableFile(s.realRpm),
      saferpm: s.saferpm, saferpmOk: isExecutableFile(s.saferpm[0] ?? ''), backup: s.backup,
    };
  }
  return status;
}

/** Status as lines for the terminal; the last says what to do when something is off. */
export function renderShimStatus(s: ShimStatus): string[] {
  if (s.found === 'absent') return [`no rpm shim at ${s.target}${s.onPath ? `; rpm on this PATH is ${s.onPath}` : ''}`];
  if (s.found === 'other' || !s.shim) return [`${s.target} is not saferpm's shim (someone else's file); rpm on this PATH is ${s.onPath ?? 'not found'}`];
  const sh = s.shim;
  const folder = path.dirname(s.target);
  const lines = [
    `rpm shim: ${s.target} (written by saferpm ${sh.writtenBy})`,
    `  real rpm: ${sh.realRpm}${sh.realRpmOk ? '' : ' (MISSING: every rpm call through the shim fails)'}`,
    `  saferpm:  ${sh.saferpm.join(' ')}${sh.saferpmOk ? '' : ' (MISSING: rpm -i/-U/-F through the shim fail)'}`,
    `  replaced: ${sh.backup ? `${sh.backup} (put back by 'saferpm shim remove')` : 'nothing (remove leaves no rpm here)'}`,
  ];
  if (s.active) lines.push(`  PATH:     active: rpm on this PATH is the shim (${folder} comes before ${sh.realRpm.replace(/\/[^/]*$/, '')})`);
  else if (!s.prefixOnPath) lines.push(`  PATH:     NOT ACTIVE: ${folder} is not on this PATH; add it before /usr/bin in root's PATH`);
  else lines.push(`  PATH:     NOT ACTIVE: rpm on this PATH is ${s.onPath ?? 'nothing'}; put ${folder} before ${path.dirname(s.onPath ?? '/usr/bin')} in root's PATH`);
  return lines;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
