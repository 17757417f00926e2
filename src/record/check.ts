/**
 * Reading a run record back (history, note, undo, reboot): the text must be
 * JSON, and the JSON must have the shape those readers rely on, down to the
 * elements of its lists. A record edited by hand or written by a future
 * saferpm is then "damaged, because ..." instead of a TypeError in the middle
 * of 'saferpm history' (`"packages": [null]`, no "warnings" or a numeric
 * "startedAt" did that, and 'saferpm undo' and 'note' trusted JSON.parse
 * alone). Fields the readers test themselves (plan, boot, audit) are not
 * checked here. Pure.
 */
import { ParseError } from '../errors.js';
import { parseJsonText } from '../json-text.js';
import { RECORD_SCHEMA, type RunRecord } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || ok(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** Field checks of one list element: name -> test. */
type Shape = Record<string, (v: unknown) => boolean>;

const COMMAND: Shape = { argv: isStrings, purpose: isString, exitCode: isNumber, problems: isStrings, signal: (v) => optional(v, isString) };
const PACKAGE: Shape = {
  name: isString, arch: isString, before: isStrings, after: isStrings, action: isString, installOnly: (v) => typeof v === 'boolean',
  target: (v) => optional(v, isString), file: (v) => optional(v, isString),
  standby: (v) => optional(v, (s) => isObj(s) && Object.values(s).every((f) => f === null || typeof f === 'string')),
};
const INCREMENT: Shape = { packages: isStrings, status: isString, reason: (v) => optional(v, isString) };
const NOTE: Shape = { path: isString, latest: (v) => optional(v, isString), boot: (v) => optional(v, isString), error: (v) => optional(v, isString) };

function shapeProblem(v: unknown, shape: Shape, where: string): string | undefined {
  if (!isObj(v)) return `has "${where}" that is not an object`;
  const bad = Object.keys(shape).find((k) => !(shape[k] as (x: unknown) => boolean)(v[k]));
  return bad === undefined ? undefined : `has "${where}.${bad}" missing or of the wrong type`;
}

function listProblem(v: unknown, shape: Shape, where: string): string | undefined {
  if (!Array.isArray(v)) return `has "${where}" that is not a list`;
  for (let i = 0; i < v.length; i++) {
    const p = shapeProblem(v[i], shape, `${where}[${i}]`);
    if (p) return p;
  }
  return undefined;
}

/**
 * The first reason `v` is not the record of run `id`, phrased to follow
 * "record.json" ("is not a saferpm.run/1 record for this run"); undefined
 * when it is one.
 */
export function recordProblem(v: unknown, id: string): string | undefined {
  if (!isObj(v) || v.schema !== RECORD_SCHEMA || v.id !== id) return `is not a ${RECORD_SCHEMA} record for this run`;
  for (const k of ['tool', 'status', 'startedAt', 'host', 'user', 'root']) if (!isString(v[k])) return `has "${k}" missing or not text`;
  if (!isStrings(v.commandLine)) return 'has "commandLine" that is not a list of words';
  if (!isStrings(v.warnings)) return 'has "warnings" that is not a list of texts';
  for (const k of ['finishedAt', 'runningKernel', 'signal']) if (!optional(v[k], isString)) return `has "${k}" that is not text`;
  if (!optional(v.exitCode, isNumber)) return 'has "exitCode" that is not a number';
  return listProblem(v.commands, COMMAND, 'commands')
    ?? listProblem(v.packages, PACKAGE, 'packages')
    ?? (v.increments === undefined ? undefined : listProblem(v.increments, INCREMENT, 'increments'))
    ?? (v.note === undefined ? undefined : shapeProblem(v.note, NOTE, 'note'));
}

/** record.json of run `id`: the record, or a ParseError (bad JSON at its line and column; a wrong shape at 1:1). */
export function parseRunRecord(text: string, file: string, id: string): RunRecord {
  const value = parseJsonText(text, file, 'the run record is not valid JSON (torn or edited?)');
  const problem = recordProblem(value, id);
  if (problem) throw new ParseError(file, 1, 1, `the run record ${problem}`);
  return value as RunRecord;
}
