import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../../src/errors.js';
import { isKernelThread, parseBootTime, parseExeLink, parseProcStat, splitCmdline } from '../../../src/snapshot/parse-proc-pid.js';
import { FIXTURES } from '../../helpers/paths.js';

const fixture = (name: string): string => readFileSync(path.join(FIXTURES, 'snapshot', name), 'utf8');

describe('/proc/PID/stat', () => {
  it('counts fields from the last parenthesis: a name holding ") (" does not shift them', () => {
    const s = parseProcStat(fixture('proc-pid-stat-comm-with-parentheses-and-spaces.txt'), 'stat');
    expect(s).toMatchObject({ pid: 10099, comm: 'we) ird (name', state: 'S', ppid: 1, ttyNr: 0, startTicks: 89745, cpuTicks: 0 });
    expect(isKernelThread(s)).toBe(false);
  });

  it('recognises a kernel thread by PF_KTHREAD, not by its empty command line', () => {
    const kthreadd = parseProcStat(fixture('proc-pid-stat-kernel-thread-kthreadd.txt'), 'stat');
    expect(kthreadd).toMatchObject({ pid: 2, comm: 'kthreadd', ppid: 0 });
    expect(isKernelThread(kthreadd)).toBe(true);
    expect(isKernelThread({ pid: 1234, flags: 0x00208040 })).toBe(true);
    const zombie = parseProcStat(fixture('proc-pid-stat-zombie.txt'), 'stat');
    expect(zombie.state).toBe('Z');
    expect(isKernelThread(zombie)).toBe(false);
    expect(splitCmdline(readFileSync(path.join(FIXTURES, 'snapshot', 'proc-pid-cmdline-zombie-is-empty.bin'), 'utf8'))).toEqual([]);
  });

  it('reads init and a shell: ppid, cpu ticks (utime + stime), start time', () => {
    const init = parseProcStat(fixture('proc-pid-stat-init.txt'), 'stat');
    expect(init).toMatchObject({ pid: 1, comm: 'process_api', ppid: 0, cpuTicks: 40 + 83, startTicks: 13 });
    expect(isKernelThread(init)).toBe(false);
    const bash = parseProcStat(fixture('proc-pid-stat-bash-on-no-tty.txt'), 'stat');
    expect(bash).toMatchObject({ pid: 7730, comm: 'bash', ppid: 7720, ttyNr: 0, cpuTicks: 7, startTicks: 75766 });
  });

  it('throws ParseError with a position on text that is not a stat line', () => {
    expect(() => parseProcStat('garbage', 'x')).toThrow(ParseError);
    expect(() => parseProcStat('12 (a) S 1 2', 'x')).toThrow(/x:1:\d+: expected at least 22 fields/);
    expect(() => parseProcStat('12 (a) S one 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20', 'x')).toThrow(/field 4 is not a number/);
  });
});

describe('/proc/PID/status, cmdline, exe and /proc/stat', () => {

  it('splits NUL-separated arguments and keeps a rewritten title whole', () => {
    expect(splitCmdline('/usr/sbin/sshd\0-D\0')).toEqual(['/usr/sbin/sshd', '-D']);
    expect(splitCmdline('sshd: root@pts/0')).toEqual(['sshd: root@pts/0']);
    expect(splitCmdline('a\0\0b\0')).toEqual(['a', '', 'b']);
  });

  it('marks an executable replaced on disk', () => {
    expect(parseExeLink('/usr/sbin/sshd (deleted)')).toEqual({ exe: '/usr/sbin/sshd', deleted: true });
    expect(parseExeLink('/usr/sbin/sshd')).toEqual({ exe: '/usr/sbin/sshd', deleted: false });
  });

  it('reads the boot time', () => {
    expect(parseBootTime('cpu  1 2 3\nbtime 1795787875\nprocesses 10\n')).toBe(1795787875);
    expect(() => parseBootTime('cpu 1\n')).toThrow(/no "btime" line/);
  });
});
