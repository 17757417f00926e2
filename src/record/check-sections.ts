/**
 * The typed sections of a run record read back from disk (plan, boot, audit,
 * steps): each is kept when it has the shape its type promises, down to what
 * the readers use, and left out otherwise, so the typed code that reads it
 * (history, the note, undo) cannot stumble on a section edited by hand or
 * torn. Leaving it out is what the readers did before the record was typed:
 * a boot section that was neither a verdict nor a note's boot section was
 * "no boot check", a standby digest of the wrong form was no digest. Pure.
 */
import { isNoteBoot } from '../recovery/note/model.js';
import { fits, isBoolean, isNumber, isObj, isString, isStrings, listOf, oneOf, optional, recordOf, type Obj, type Shape } from './shape.js';
import type { RecordedBoot, RecordedPlan, RunAudit, StepRecord } from './types.js';

const strings = (...keys: string[]): Shape => Object.fromEntries(keys.map((k) => [k, isString]));
const optStrings = (...keys: string[]): Shape => Object.fromEntries(keys.map((k) => [k, (v: unknown) => optional(v, isString)]));

const RPM_PLAN: Shape = {
  mode: oneOf('install', 'upgrade', 'freshen'), runningKernel: (v) => optional(v, isString), warnings: isStrings,
  packages: listOf({ ...strings('file', 'nevra', 'name', 'arch', 'evr', 'action', 'reason'), installOnly: isBoolean, installed: isStrings }),
  steps: listOf({ ...strings('purpose', 'mode', 'why'), packages: isStrings, args: isStrings }),
  erase: (v) => fits(v, { nevras: isStrings, notes: isStrings }),
};
const DNF_ITEM: Shape = { ...strings('name', 'arch', 'evr', 'action', 'section', 'repo'), replacing: listOf(strings('name', 'arch', 'evr')), line: isNumber };
const DNF_PLAN: Shape = {
  tool: oneOf('dnf', 'yum'), ...strings('command', 'root'), argv: isStrings, configFile: (v) => optional(v, isString), runningKernel: (v) => optional(v, isString),
  installonlyLimit: (v) => fits(v, { value: isNumber, source: isString }),
  transaction: (v) => fits(v, { items: listOf(DNF_ITEM), skipped: listOf(DNF_ITEM), notes: listOf(strings('section', 'text')), nothingToDo: isBoolean }),
  kernels: (v) => fits(v, { before: isStrings, after: isStrings, erased: isStrings }),
  advisories: listOf({ ...strings('id', 'repo', 'package'), cves: isStrings, rebootSuggested: isBoolean }),
  advisoryProblems: isStrings,
  reboot: (v) => fits(v, { needed: isBoolean, reasons: isStrings }),
  findings: listOf({ level: oneOf('warn', 'refuse'), ...strings('code', 'message') }),
};
const UNRESOLVED: Shape = {
  command: isString, argv: isStrings,
  unresolved: (v) => fits(v, { kind: oneOf('unknown-command'), command: isString }) || fits(v, { kind: oneOf('unreadable'), why: isString }),
};

export function checkedPlan(v: unknown): RecordedPlan | undefined {
  return [RPM_PLAN, DNF_PLAN, UNRESOLVED].some((shape) => fits(v, shape)) ? (v as RecordedPlan) : undefined;
}

const ENTRY: Shape = { ...strings('index', 'title'), linux: isBoolean, ...optStrings('id', 'kernel', 'kernelPath', 'version') };
const CHECK: Shape = { status: oneOf('pass', 'fail', 'warn', 'skip'), ...strings('level', 'title', 'finding') };
const isEntry = (v: unknown): boolean => fits(v, ENTRY);
const BOOT: Shape = {
  schema: oneOf('saferpm.boot-verdict/1'), safe: isBoolean, reasons: isStrings, entries: listOf(ENTRY), checks: listOf(CHECK),
  nextBoot: (v) => optional(v, isEntry), fallback: (v) => optional(v, isEntry), newEntry: (v) => optional(v, isEntry), loaderFallback: (v) => optional(v, isEntry),
  defaultEntry: (v) => optional(v, isEntry),
  ...optStrings('loader', 'configFile', 'envFile', 'blsDir', 'kernel', 'runningKernel'),
  default: (v) => optional(v, isObj), bootPrefix: (v) => optional(v, isObj),
};

/**
 * A boot verdict as checkBoot makes it, down to what the note and history
 * read of it ("reasons": false and a check without a status made them
 * throw), or a note's boot section down to its entries and findings.
 */
export function checkedBoot(v: unknown): RecordedBoot | undefined {
  return fits(v, BOOT) || isNoteBoot(v) ? (v as RecordedBoot) : undefined;
}

const SHA256 = /^[0-9a-f]{64}$/;
const list = (v: unknown): boolean => Array.isArray(v);
const AUDIT: Record<Exclude<keyof RunAudit, 'standbyDigests'>, (v: unknown) => boolean> = {
  changelogs: listOf({ ...strings('name', 'arch', 'evr', 'installedEvr'), entries: listOf({ time: isNumber, ...strings('date', 'name', 'text') }), total: isNumber }),
  standby: recordOf((f) => f === null || isString(f)),
  configBackup: (v) => fits(v, { dir: isString, files: isNumber }),
  configFiles: listOf({ ...strings('path', 'outcome', 'packageBefore'), noreplace: isBoolean }),
  integrity: listOf({ ...strings('path', 'origin', 'detail'), packages: isStrings, attributes: isStrings, rank: isNumber, security: isBoolean, packageChanged: isBoolean }),
  integrityTool: (v) => fits(v, { argv: isStrings, exitCode: isNumber, verdict: isString, output: isString }),
  snapshotDiff: (v) => fits(v, {
    ports: (p) => fits(p, { opened: list, closed: list, ownerChanged: list }),
    services: (s) => fits(s, { enabled: list, disabled: list, otherStates: list, started: list, stopped: list }),
    processes: (p) => fits(p, { appeared: list, vanished: list, restarted: list, staleExecutables: list }),
    notes: isStrings,
  }),
  summary: isStrings,
};

/** The audit sections that have their shape; standby digests entry by entry (undo checks each copy against its own). */
export function checkedAudit(v: unknown): RunAudit | undefined {
  if (!isObj(v)) return undefined;
  const audit: Obj = {};
  for (const [k, ok] of Object.entries(AUDIT)) if (v[k] !== undefined && ok(v[k])) audit[k] = v[k];
  if (isObj(v.standbyDigests)) {
    audit.standbyDigests = Object.fromEntries(Object.entries(v.standbyDigests).filter(([, d]) => fits(d, { sha256: (s) => isString(s) && SHA256.test(s), nevra: isString })));
  }
  return audit as RunAudit;
}

const STEP: Shape = { name: isString, phase: oneOf('before', 'after', 'refused'), outcome: oneOf('pass', 'warn', 'fail', 'skip'), detail: (v) => optional(v, isString), durationMs: isNumber };

export function checkedSteps(v: unknown): StepRecord[] | undefined {
  return listOf(STEP)(v) ? (v as StepRecord[]) : undefined;
}
