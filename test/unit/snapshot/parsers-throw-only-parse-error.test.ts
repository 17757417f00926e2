import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../../../src/errors.js';
import { parseProcNet } from '../../../src/snapshot/parse-proc-net.js';
import { parseBootTime, parseProcStat, parseStatusUid } from '../../../src/snapshot/parse-proc-pid.js';
import { parseListUnitFiles, parseListUnits } from '../../../src/snapshot/parse-systemctl.js';
import { parseSnapshotJson } from '../../../src/snapshot/parse-snapshot-json.js';
import { parsePasswd } from '../../../src/snapshot/passwd.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
/** Text built from the characters these files are made of, so that the parsers get past their first check. */
const procish = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF :()\n\t.-[]{}"@#x0A'.split('')), maxLength: 300 });
const anyText = fc.oneof(procish, fc.string({ maxLength: 200 }));

function onlyParseError(fn: (text: string) => unknown): void {
  fc.assert(fc.property(anyText, (text) => {
    try {
      fn(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).line).toBeGreaterThanOrEqual(1);
      expect((e as ParseError).column).toBeGreaterThanOrEqual(1);
    }
  }), { numRuns: runs });
}

describe('snapshot parsers throw only ParseError, with a position', () => {
  it('/proc/PID/stat', () => onlyParseError((t) => parseProcStat(t, 's')));
  it('/proc/PID/status', () => onlyParseError((t) => parseStatusUid(t, 's')));
  it('/proc/stat', () => onlyParseError((t) => parseBootTime(t, 's')));
  it('/proc/net/tcp6 and udp', () => {
    onlyParseError((t) => parseProcNet(t, 'tcp6', 's'));
    onlyParseError((t) => parseProcNet(t, 'udp', 's'));
  });
  it('systemctl listings', () => {
    onlyParseError((t) => parseListUnitFiles(t, 's'));
    onlyParseError((t) => parseListUnits(t, 's'));
  });
  it('snapshot files', () => onlyParseError((t) => parseSnapshotJson(t, 's')));
  it('passwd never throws', () => fc.assert(fc.property(anyText, (t) => { parsePasswd(t); }), { numRuns: runs }));
});
