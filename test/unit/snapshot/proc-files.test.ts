import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listPids, procOwner, readProcLinesWhile, readProcRecord, readProcText } from '../../../src/snapshot/proc-files.js';
import { moreTcpListenersMayFollow, parseProcNet } from '../../../src/snapshot/parse-proc-net.js';
import { FIXTURES } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/roots.js';

describe('reading /proc-like files through the shared buffer', () => {
  it('reads a file larger than the buffer whole, and a small one after it exactly', () => {
    const dir = tempDir();
    const big = 'x'.repeat(40_000) + '\nend';
    writeFileSync(path.join(dir, 'big'), big);
    writeFileSync(path.join(dir, 'small'), 'small');
    expect(readProcText(path.join(dir, 'big'))).toBe(big);
    expect(readProcText(path.join(dir, 'small'))).toBe('small');
    expect(readProcText(path.join(dir, 'missing'))).toBeUndefined();
    expect(readProcRecord(path.join(dir, 'big'))).toBe(big);
    expect(readProcRecord(path.join(dir, 'small'))).toBe('small');
  });


  it('stops reading /proc/net/tcp at the first established socket, keeping every listener before it', () => {
    const file = path.join(FIXTURES, 'snapshot', 'proc-net-tcp-listeners-v4-v6-and-a-client.txt');
    const text = readProcLinesWhile(file, moreTcpListenersMayFollow, 64) as string;
    expect(text.split('\n')).toHaveLength(4 + 1); // header, three LISTEN lines, and the end of the last one
    expect(parseProcNet(text, 'tcp', file).map((s) => s.port)).toEqual([40022, 2024, 40025]);
    expect(readProcLinesWhile(file, () => true, 64)).toBe(readProcText(file));
    expect(readProcLinesWhile(path.join(FIXTURES, 'nope'), () => true)).toBeUndefined();
  });

  it('goes on past SYN_RECV lines (printed under each listener before Linux 4.4)', () => {
    const line = (st: string) => `   0: 0100007F:0016 0100007F:9C59 ${st} 00000000:00000000 00:00000000 00000000     0        0 1 1 0`;
    expect(['0A', '03', '01', '06'].map((st) => moreTcpListenersMayFollow(line(st)))).toEqual([true, true, false, false]);
  });

  it('lists the numeric entries only, in order', () => {
    const dir = tempDir();
    for (const name of ['10', '2', 'self', 'net', '300']) mkdirSync(path.join(dir, name));
    expect(listPids(dir)).toEqual([2, 10, 300]);
    expect(listPids(path.join(dir, 'nope'))).toEqual([]);
  });

  it('reads the live /proc/self', () => {
    expect(procOwner(`/proc/${process.pid}`)).toBe(process.geteuid?.());
    expect(procOwner('/proc/no-such-process')).toBeUndefined();
    expect(readProcText('/proc/self/stat', 'latin1')).toMatch(new RegExp(`^${process.pid} \\(`));
  });
});
