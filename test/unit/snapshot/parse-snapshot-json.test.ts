import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { parseSnapshotJson } from '../../../src/snapshot/parse-snapshot-json.js';
import { proc, snap, sock } from './snapshot-factory.js';

describe('reading a snapshot file', () => {
  it('gives back what was written', () => {
    const s = snap({ processes: [proc(1, ['/sbin/init'])], sockets: [sock('tcp', '::', 22, [1])] });
    expect(parseSnapshotJson(JSON.stringify(s, null, 1), 'a.json')).toEqual(s);
  });

  it('points at the broken spot of invalid JSON', () => {
    const err = (() => { try { parseSnapshotJson('{\n "schema": "saferpm.snapshot/1",\n oops\n}', 'a.json'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ line: 3, source: 'a.json' });
  });

  it('refuses another kind of file and says how to make a snapshot', () => {
    expect(() => parseSnapshotJson('{"schema":"saferpm.run/1"}', 'r.json')).toThrow(/r.json:1:1: not a saferpm snapshot: schema is "saferpm.run\/1".*saferpm snapshot take --out FILE/);
    expect(() => parseSnapshotJson('[1,2]', 'x')).toThrow(/expected a JSON object/);
  });

  it('refuses damaged lists', () => {
    const bad = (over: object) => JSON.stringify({ ...snap(), ...over });
    expect(() => parseSnapshotJson(bad({ processes: [{ pid: 'x' }] }), 'x')).toThrow(/"processes" is not a list/);
    expect(() => parseSnapshotJson(bad({ sockets: [{ ...sock('sctp' as 'tcp', '::', 1, []) }] }), 'x')).toThrow(/"sockets" is not a list/);
    expect(() => parseSnapshotJson(bad({ services: { units: [{}] } }), 'x')).toThrow(/"services" is not a service list/);
    expect(() => parseSnapshotJson(bad({ host: 3 }), 'x')).toThrow(/"host" is missing/);
  });
});
