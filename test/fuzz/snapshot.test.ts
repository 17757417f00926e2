/**
 * The snapshot parsers: /proc/PID/stat, /proc/stat, /proc/net/*,
 * systemctl's listings, inittab, passwd and snapshot files. A model or a
 * ParseError inside the input, on any text, on text made of the characters
 * of these files, on the captures of fixtures/snapshot and this machine's own
 * /proc mutated, on a real snapshot's JSON mutated, and on long lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProcNet, socketInode } from '../../src/snapshot/parse-proc-net.js';
import { parseBootTime, parseExeLink, parseProcStat, splitCmdline } from '../../src/snapshot/parse-proc-pid.js';
import { parseSnapshotJson } from '../../src/snapshot/parse-snapshot-json.js';
import { parseListUnitFiles, parseListUnits, templateOf } from '../../src/snapshot/parse-systemctl.js';
import { parsePasswd } from '../../src/snapshot/passwd.js';
import { parseInitdefault } from '../../src/snapshot/services-sysv.js';
import { takeSnapshot } from '../../src/snapshot/take.js';
import { parseOrParseError } from './support/contract.js';
import { FILES, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated } from './support/mutate.js';
import { anyText, longLine } from './support/text.js';

/** Text built from the characters these files are made of, so that the parsers get past their first check (the old property, kept). */
const procish = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF :()\n\t.-[]{}"@#x0A'.split('')), maxLength: 300 });
const live = (file: string): string[] => {
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
};
const captures = (prefix: string, ...liveFiles: string[]): string[] => [
  ...texts(FILES.snapshot().filter((f) => f.split('/').pop()?.startsWith(prefix))),
  ...liveFiles.flatMap(live),
];
const input = (seeds: string[], prefixes: string[]): fc.Arbitrary<string> =>
  fc.oneof(procish, anyText, ...(seeds.length ? [mutated(seeds)] : []), longLine(prefixes, 10_000));

describe('snapshot parsers throw only ParseError, with a position inside the input', () => {
  it('/proc/PID/stat', () => {
    fuzz('proc stat', [input(captures('proc-pid-stat', '/proc/self/stat', '/proc/1/stat'), ['1 (', '1 (a) S ', '1 (a)) '])], (t) => parseOrParseError(t, (x) => parseProcStat(x, 's')));
  });


  it('/proc/stat', () => {
    fuzz('proc boot time', [input(live('/proc/stat'), ['btime ', 'cpu '])], (t) => parseOrParseError(t, (x) => parseBootTime(x, 's')));
  });

  it('/proc/net/tcp, tcp6, udp, udp6 on either byte order', () => {
    const seeds = captures('proc-net-', '/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6');
    const proto = fc.constantFrom('tcp', 'tcp6', 'udp', 'udp6') as fc.Arbitrary<'tcp' | 'tcp6' | 'udp' | 'udp6'>;
    fuzz('proc net', [input(seeds, ['h\n 0: ', 'h\n0: 0100007F:0016 ']), proto, fc.constantFrom('LE', 'BE') as fc.Arbitrary<'LE' | 'BE'>], (t, p, e) => {
      const r = parseOrParseError(t, (x) => parseProcNet(x, p, 's', e));
      if (r.ok) for (const s of r.value) expect(s.port).toBeLessThanOrEqual(0xffff);
    });
  });

  it("systemctl's listings", () => {
    const seeds = captures('systemctl-');
    fuzz('systemctl', [input(seeds, ['a.service ', '● ', 'a.service loaded active running '])], (t) => {
      parseOrParseError(t, (x) => parseListUnitFiles(x, 's'));
      parseOrParseError(t, (x) => parseListUnits(x, 's'));
    });
  });

  describe('snapshot files', () => {
    const seeds: string[] = [];
    beforeAll(async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-fuzz-'));
      try {
        const snap = await takeSnapshot({ root });
        seeds.push(JSON.stringify(snap, null, 2), JSON.stringify(snap));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('a real snapshot of this machine, mutated, and any text', () => {
      expect(parseSnapshotJson(seeds[0] as string, 's').processes.length).toBeGreaterThan(0);
      fuzz('snapshot json', [fc.oneof(mutated(seeds), anyText, procish, longLine(['{"schema":"', '[', '{"a":', '"']))], (t) => parseOrParseError(t, (x) => parseSnapshotJson(x, 's')));
    });
  });
});

describe('helpers of the snapshot never throw', () => {
  it('passwd, inittab, cmdline, exe links, socket links, unit templates', () => {
    const seeds = live('/etc/passwd');
    fuzz('snapshot helpers', [fc.oneof(anyText, procish, ...(seeds.length ? [mutated(seeds)] : []), longLine(['root:x:', 'id:3:initdefault:', 'socket:[', 'a@']))], (t) => {
      for (const [uid, name] of parsePasswd(t)) {
        expect(Number.isSafeInteger(uid)).toBe(true);
        expect(name).not.toContain('\n');
      }
      const level = parseInitdefault(t);
      if (level !== undefined) expect(level).toBeLessThanOrEqual(6);
      expect(splitCmdline(t).join('\0').length).toBeLessThanOrEqual(t.length);
      expect(parseExeLink(t).exe.length).toBeLessThanOrEqual(t.length);
      const inode = socketInode(t);
      if (inode !== undefined) expect(Number.isSafeInteger(inode)).toBe(true);
      templateOf(t);
    });
  });
});
