/**
 * Reading a run record back (history, note, undo, reboot): the text must be
 * JSON, and the JSON must have the shape those readers rely on, down to the
 * elements of its lists. A record edited by hand or written by a future
 * saferpm is then "damaged, because ..." instead of a TypeError in the middle
 * of 'saferpm history' (`"packages": [null]`, no "warnings" or a numeric
 * "startedAt" did that, and 'saferpm undo' and 'note' trusted JSON.parse
 * alone). The typed sections (plan, boot, audit, steps) are kept only when
 * they have their shape (check-sections.ts). Pure.
 */
import { ParseError } from '../errors.js';
import { parseJsonText } from '../json-text.js';
import { checkedAudit, checkedBoot, checkedPlan, checkedSteps } from './check-sections.js';
import { isNumber, isObj, isString, isStrings, listProblem, optional, shapeProblem, type Obj, type Shape } from './shape.js';
import { RECORD_SCHEMA, type RunRecord } from './types.js';

const COMMAND: Shape = { argv: isStrings, purpose: isString, exitCode: isNumber, problems: isStrings, signal: (v) => optional(v, isString) };
const PACKAGE: Shape = {
  name: isString, arch: isString, before: isStrings, after: isStrings, action: isString, installOnly: (v) => typeof v === 'boolean',
  target: (v) => optional(v, isString), file: (v) => optional(v, isString),
  standby: (v) => optional(v, (s) => isObj(s) && Object.values(s).every((f) => f === null || typeof f === 'string')),
};
const INCREMENT: Shape = { packages: isStrings, status: isString, reason: (v) => optional(v, isString) };
const NOTE: Shape = { path: isString, latest: (v) => optional(v, isString), boot: (v) => optional(v, isString), error: (v) => optional(v, isString) };

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

/**
 * The parsed JSON of run `id`'s record.json as its readers may use it, or why
 * it is damaged (phrased as recordProblem says it). Every reader of a record
 * on disk comes through here (parseRunRecord, history's list).
 */
export function checkRecord(v: unknown, id: string): { record: RunRecord; problem?: undefined } | { problem: string } {
  const problem = recordProblem(v, id);
  return problem ? { problem } : { record: withCheckedSections(v as Obj) };
}

/** record.json of run `id`: the record, or a ParseError (bad JSON at its line and column; a wrong shape at 1:1). */
export function parseRunRecord(text: string, file: string, id: string): RunRecord {
  const checked = checkRecord(parseJsonText(text, file, 'the run record is not valid JSON (torn or edited?)'), id);
  if (checked.problem !== undefined) throw new ParseError(file, 1, 1, `the run record ${checked.problem}`);
  return checked.record;
}

/** The record with each typed section that lacks its shape left out (a section is not worth losing the run's history, undo and note over). */
function withCheckedSections(v: Obj): RunRecord {
  const checks = { plan: checkedPlan, boot: checkedBoot, audit: checkedAudit, steps: checkedSteps } as const;
  for (const [key, check] of Object.entries(checks)) {
    if (v[key] === undefined) continue;
    const kept = check(v[key]);
    if (kept === undefined) delete v[key];
    else v[key] = kept;
  }
  return v as unknown as RunRecord;
}
