/**
 * Pure parsers for systemctl's listings, asked for with --no-legend
 * --no-pager --full (systemctl(1)): no header or footer, names never
 * ellipsised. Unit names hold no spaces (systemd.unit(5): letters, digits,
 * ":", "-", "_", ".", "\" and "@"), so columns split on white space.
 */
import { ParseError } from '../errors.js';

/** `systemctl list-unit-files`: "UNIT STATE [PRESET]" (PRESET since systemd 245; RHEL 7's 219 prints two columns). */
export function parseListUnitFiles(text: string, source: string): Map<string, string> {
  const states = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const [name, state] = line.trim().split(/\s+/);
    if (!name || !state || !name.includes('.')) {
      throw new ParseError(source, i + 1, 1, `expected "UNIT STATE", got '${line.trim()}'`);
    }
    states.set(name, state);
  });
  return states;
}

export interface UnitRuntime {
  load: string;
  active: string;
  sub: string;
}

/**
 * `systemctl list-units --all --plain`: "UNIT LOAD ACTIVE SUB DESCRIPTION".
 * --plain leaves out the "●" that marks failed units; it is skipped anyway in
 * case a version prints it.
 */
export function parseListUnits(text: string, source: string): Map<string, UnitRuntime> {
  const units = new Map<string, UnitRuntime>();
  text.split('\n').forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    if (f[0] === '●' || f[0] === '*') f.shift();
    if (f.length === 1 && f[0] === '') return;
    const [name, load, active, sub] = f;
    if (!name || !load || !active || !sub || !name.includes('.')) {
      throw new ParseError(source, i + 1, 1, `expected "UNIT LOAD ACTIVE SUB DESCRIPTION", got '${line.trim()}'`);
    }
    units.set(name, { load, active, sub });
  });
  return units;
}

/** getty@tty1.service is an instance of the template getty@.service (systemd.unit(5)). */
export function templateOf(unit: string): string | undefined {
  const m = /^([^@]+@)[^.]+(\.[a-z]+)$/.exec(unit);
  return m ? `${m[1]}${m[2]}` : undefined;
}
