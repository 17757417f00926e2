/**
 * Reading a snapshot file back (`saferpm snapshot diff A B`): JSON written by
 * `saferpm snapshot take`, checked enough that the diff cannot trip over a
 * wrong or damaged file. Pure; throws ParseError with line and column.
 */
import { ParseError } from '../errors.js';
import { parseJsonText } from '../json-text.js';
import { SNAPSHOT_SCHEMA, type Snapshot } from './model.js';

export function parseSnapshotJson(text: string, source: string): Snapshot {
  const value = parseJsonText(text, source);
  const fail = (why: string): never => {
    throw new ParseError(source, 1, 1, why);
  };
  if (!isObject(value)) return fail('not a saferpm snapshot (expected a JSON object)');
  if (value.schema !== SNAPSHOT_SCHEMA) {
    return fail(`not a saferpm snapshot: schema is ${JSON.stringify(value.schema)}, expected "${SNAPSHOT_SCHEMA}" (make one with 'saferpm snapshot take --out FILE')`);
  }
  for (const key of ['takenAt', 'host', 'root'] as const) if (typeof value[key] !== 'string') fail(`"${key}" is missing or not text`);
  if (!Array.isArray(value.processes) || !value.processes.every(isProcess)) fail('"processes" is not a list of processes');
  if (!Array.isArray(value.sockets) || !value.sockets.every(isSocket)) fail('"sockets" is not a list of sockets');
  const services = value.services;
  if (!isObject(services) || !Array.isArray(services.units) || !services.units.every((u) => isObject(u) && typeof u.name === 'string')) {
    fail('"services" is not a service list');
  }
  return value as unknown as Snapshot;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isProcess(p: unknown): boolean {
  return isObject(p) && Number.isInteger(p.pid) && Number.isInteger(p.ppid) && typeof p.user === 'string'
    && typeof p.comm === 'string' && Array.isArray(p.argv) && p.argv.every((a) => typeof a === 'string');
}

function isSocket(s: unknown): boolean {
  return isObject(s) && typeof s.proto === 'string' && ['tcp', 'tcp6', 'udp', 'udp6'].includes(s.proto)
    && typeof s.address === 'string' && Number.isInteger(s.port) && Array.isArray(s.pids) && s.pids.every(Number.isInteger);
}

