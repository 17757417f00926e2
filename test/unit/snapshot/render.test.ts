import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/snapshot/diff.js';
import { cpuTime, renderNetstat, renderPsEf, renderSnapshotDiff, startColumn, ttyName } from '../../../src/snapshot/render.js';
import { proc, services, snap, sock } from './snapshot-factory.js';

describe('ps -ef form', () => {
  it('prints the procps columns, one process a line', () => {
    const s = snap({ processes: [proc(1, ['/usr/lib/systemd/systemd', '--switched-root'], { ppid: 0, startTicks: 100, cpuTicks: 1234 }), proc(42, [], { comm: 'kworker', state: 'Z', ppid: 1, ttyNr: (136 << 8) | 3 })] });
    const lines = renderPsEf(s).split('\n');
    expect(lines[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(lines[1]).toMatch(/^root {11}1 {7}0 {2}0 \d\d:\d\d \? {8}00:00:12 \/usr\/lib\/systemd\/systemd --switched-root$/);
    expect(lines[2]).toMatch(/^root {10}42 {7}1 {2}0 \d\d:\d\d pts\/3 {4}00:00:00 \[kworker\] <defunct>$/);
    expect(lines).toHaveLength(4);
  });

  it('decodes terminals, CPU time and start column as procps does', () => {
    expect([0, (136 << 8) | 0, (137 << 8) | 5, (4 << 8) | 1, (4 << 8) | 64, (5 << 8) | 1].map(ttyName)).toEqual(['?', 'pts/0', 'pts/261', 'tty1', 'ttyS0', 'console']);
    expect(ttyName((136 << 8) | (1 << 20) | 2)).toBe('pts/258'); // minor bits 31-20 hold minor >> 8
    expect([0, 59.9, 3661, 90061].map(cpuTime)).toEqual(['00:00:00', '00:00:59', '01:01:01', '1-01:01:01']);
    const now = Date.parse('2026-03-10T12:00:00');
    expect(startColumn(Date.parse('2026-03-10T09:05:00'), now)).toBe('09:05');
    expect(startColumn(Date.parse('2026-02-03T09:05:00'), now)).toBe('Feb03');
    expect(startColumn(Date.parse('2024-02-03T09:05:00'), now)).toBe('2024');
  });
});

describe('netstat form', () => {
  it('prints listeners as netstat -lnp does, "-" when the holder is unknown', () => {
    const s = snap({
      processes: [proc(800, ['/usr/sbin/sshd', '-D'])],
      sockets: [sock('tcp', '0.0.0.0', 22, [800]), sock('tcp6', '::', 22, [800, 801]), sock('udp', '127.0.0.1', 323, [])],
    });
    expect(renderNetstat(s)).toBe([
      'Active Internet connections (only servers)',
      'Proto Local Address           Foreign Address         State       PID/Program name',
      'tcp   0.0.0.0:22              0.0.0.0:*               LISTEN      800/sshd',
      'tcp6  :::22                   :::*                    LISTEN      800/sshd (+1)',
      'udp   127.0.0.1:323           0.0.0.0:*                           -',
      '',
    ].join('\n'));
  });
});

describe('the diff report', () => {
  it('puts opened ports first, flags a wildcard bind, names packages, counts the noise', () => {
    const app = proc(900, ['/opt/app/bin/app']);
    const shell = proc(901, ['bash'], { ppid: 800, ttyNr: 34816 });
    const before = snap({ processes: [proc(700, ['/usr/sbin/crond', '-n'])], sockets: [sock('tcp', '127.0.0.1', 25, [700])], services: services([{ name: 'app.service', enabled: 'disabled', active: 'inactive' }]) });
    const after = snap({ processes: [app, shell], sockets: [sock('tcp', '0.0.0.0', 8080, [900])], services: services([{ name: 'app.service', enabled: 'enabled', active: 'active', file: '/usr/lib/systemd/system/app.service' }]) });
    const text = renderSnapshotDiff(diffSnapshots(before, after, { ownerOf: (p) => (p.startsWith('/opt/app') || p.includes('app.service') ? 'app-2.0-1.x86_64' : undefined) }));
    expect(text.split('\n\n')).toEqual([
      'Listening ports opened (1):\n  tcp 0.0.0.0:8080 (bound to ALL addresses: reachable from the network unless a firewall blocks it), by pid 900 (root) /opt/app/bin/app (package app-2.0-1.x86_64)',
      'Services enabled (start at boot) (1):\n  app.service: disabled -> enabled (package app-2.0-1.x86_64)',
      'Services started (1):\n  app.service: inactive -> active (package app-2.0-1.x86_64)',
      'Listening ports closed (1):\n  tcp 127.0.0.1:25, was pid 700 (root) /usr/sbin/crond -n',
      'Processes appeared (1):\n  pid 900 (root) /opt/app/bin/app (package app-2.0-1.x86_64) [holds a listening socket]',
      'Processes vanished (1):\n  pid 700 (root) /usr/sbin/crond -n [holds a listening socket]',
      'Left out as noise: 1 appeared and 0 vanished processes that hold no listening socket, are not daemons (parent PID 1, no terminal) and do not belong to a package of this run.\n',
    ]);
  });

  it('says so when nothing changed, and brackets IPv6 addresses', () => {
    expect(renderSnapshotDiff(diffSnapshots(snap(), snap()))).toBe('No change in listening ports, services or long-running processes.\n');
    const after = snap({ sockets: [sock('udp6', '::1', 53, [])] });
    expect(renderSnapshotDiff(diffSnapshots(snap(), after))).toContain('  udp6 [::1]:53, by an unknown process');
  });
});
