import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listPids, readProcLine, readProcRecord, readProcText } from '../../../src/snapshot/proc-files.js';
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

  it('returns only the wanted line of a status file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'status'), 'Name:\tsshd\nUmask:\t0022\nUid:\t0\t74\t74\t74\nGid:\t0\t0\t0\t0\n');
    writeFileSync(path.join(dir, 'first'), 'Uid:\t5\t6\t7\t8');
    expect(readProcLine(path.join(dir, 'status'), 'Uid:')).toBe('Uid:\t0\t74\t74\t74');
    expect(readProcLine(path.join(dir, 'first'), 'Uid:')).toBe('Uid:\t5\t6\t7\t8');
    expect(readProcLine(path.join(dir, 'status'), 'NSpid:')).toBe('');
    expect(readProcLine(path.join(dir, 'missing'), 'Uid:')).toBeUndefined();
  });

  it('lists the numeric entries only, in order', () => {
    const dir = tempDir();
    for (const name of ['10', '2', 'self', 'net', '300']) mkdirSync(path.join(dir, name));
    expect(listPids(dir)).toEqual([2, 10, 300]);
    expect(listPids(path.join(dir, 'nope'))).toEqual([]);
  });

  it('reads the live /proc/self', () => {
    expect(readProcLine('/proc/self/status', 'Uid:')).toMatch(/^Uid:\t\d+\t\d+\t\d+\t\d+$/);
    expect(readProcText('/proc/self/stat', 'latin1')).toMatch(new RegExp(`^${process.pid} \\(`));
  });
});
