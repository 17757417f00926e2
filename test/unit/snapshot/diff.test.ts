import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/snapshot/diff.js';
import { proc, services, snap, sock } from './snapshot-factory.js';

const sshd = proc(800, ['/usr/sbin/sshd', '-D']);
const web = proc(900, ['/usr/bin/python3', '-m', 'http.server', '8000']);

describe('ports', () => {
  it('reports a new port with its process and flags a wildcard bind; a closed port with its former holder', () => {
    const before = snap({ processes: [sshd, web], sockets: [sock('tcp', '0.0.0.0', 22, [800]), sock('tcp', '127.0.0.1', 8000, [900])] });
    const db = proc(950, ['/usr/bin/redis-server', '*:6379']);
    const after = snap({ processes: [sshd, db], sockets: [sock('tcp', '0.0.0.0', 22, [800]), sock('tcp6', '::', 6379, [950])] });
    const d = diffSnapshots(before, after);
    expect(d.ports.opened).toEqual([{ proto: 'tcp6', address: '::', port: 6379, allAddresses: true, processes: [{ pid: 950, user: 'root', command: '/usr/bin/redis-server *:6379', exe: '/usr/bin/redis-server' }] }]);
    expect(d.ports.closed.map((p) => [p.port, p.allAddresses, p.processes[0]?.pid])).toEqual([[8000, false, 900]]);
    expect(d.ports.ownerChanged).toEqual([]);
  });

  it('a restart under a new pid is no owner change; another program on the port is', () => {
    const sshd2 = { ...sshd, pid: 1800, startTicks: 5000 };
    const before = snap({ processes: [sshd], sockets: [sock('tcp', '0.0.0.0', 22, [800])] });
    const restarted = snap({ processes: [sshd2], sockets: [sock('tcp', '0.0.0.0', 22, [1800])] });
    expect(diffSnapshots(before, restarted).ports.ownerChanged).toEqual([]);
    const dropbear = proc(1900, ['/usr/sbin/dropbear', '-F']);
    const replaced = snap({ processes: [dropbear], sockets: [sock('tcp', '0.0.0.0', 22, [1900])] });
    const d = diffSnapshots(before, replaced);
    expect(d.ports.ownerChanged.map((c) => [c.port, c.before[0]?.command, c.processes[0]?.command])).toEqual([[22, '/usr/sbin/sshd -D', '/usr/sbin/dropbear -F']]);
  });

  it('several sockets on one port (SO_REUSEPORT) are one port', () => {
    const after = snap({ processes: [web], sockets: [sock('udp', '0.0.0.0', 53, [900], 1), sock('udp', '0.0.0.0', 53, [900], 2)] });
    expect(diffSnapshots(snap(), after).ports.opened).toHaveLength(1);
  });

  it('names the package of this run that owns the program', () => {
    const after = snap({ processes: [web], sockets: [sock('tcp', '127.0.0.1', 8000, [900])] });
    const d = diffSnapshots(snap(), after, { ownerOf: (p) => (p === '/usr/bin/python3' ? 'python3-3.9.18-1.el9.x86_64' : undefined) });
    expect(d.ports.opened[0]?.package).toBe('python3-3.9.18-1.el9.x86_64');
  });
});

describe('services', () => {
  const unit = (name: string, enabled?: string, active?: string) => ({ name, ...(enabled ? { enabled } : {}), ...(active ? { active } : {}), file: `/usr/lib/systemd/system/${name}` });

  it('sorts changes into enabled, disabled, other unit file states, started and stopped', () => {
    const before = snap({ services: services([unit('a.service', 'disabled', 'inactive'), unit('b.service', 'enabled', 'active'), unit('c.service', 'static', 'inactive'), unit('gone.service', 'enabled', 'active')]) });
    const after = snap({ services: services([unit('a.service', 'enabled', 'active'), unit('b.service', 'disabled', 'failed'), unit('c.service', 'masked', 'inactive'), unit('new.service', 'static', 'inactive')]) });
    const d = diffSnapshots(before, after, { ownerOf: (p) => (p.endsWith('/new.service') ? 'newpkg-1-1.noarch' : undefined) });
    expect(d.services.enabled.map((c) => [c.name, c.before, c.after])).toEqual([['a.service', 'disabled', 'enabled']]);
    expect(d.services.disabled.map((c) => [c.name, c.before, c.after])).toEqual([['b.service', 'enabled', 'disabled'], ['gone.service', 'enabled', undefined]]);
    expect(d.services.otherStates.map((c) => [c.name, c.before, c.after, c.package])).toEqual([['c.service', 'static', 'masked', undefined], ['new.service', undefined, 'static', 'newpkg-1-1.noarch']]);
    expect(d.services.started.map((c) => c.name)).toEqual(['a.service']);
    expect(d.services.stopped.map((c) => [c.name, c.after])).toEqual([['b.service', 'failed'], ['gone.service', undefined]]);
  });

  it('does not compare what one snapshot could not read, and says so', () => {
    const before = snap({ services: services([unit('a.service', 'disabled')], { runningKnown: false }) });
    const after = snap({ services: services([unit('a.service', 'enabled', 'active')]) });
    const d = diffSnapshots(before, after);
    expect(d.services.enabled).toHaveLength(1);
    expect(d.services.started).toEqual([]);
    expect(d.notes).toContain('running services unknown in a snapshot: starts and stops not compared');
    const other = snap({ services: services([unit('a', 'enabled')], { source: 'sysv rc.d links' }) });
    const d2 = diffSnapshots(before, other);
    expect(d2.services.enabled).toEqual([]);
    expect(d2.notes.some((n) => n.includes('services were read differently'))).toBe(true);
  });
});

describe('processes', () => {
  const cronJob = proc(3000, ['/bin/sh', '-c', 'run-parts /etc/cron.hourly'], { ppid: 400 });
  const adminShell = proc(3100, ['vim', '/etc/hosts'], { ppid: 3050, ttyNr: 34816 });

  it('reports daemons and listeners that appear or vanish; session and cron processes are counted as noise', () => {
    const newDaemon = proc(2000, ['/usr/sbin/chronyd']);
    const listener = proc(2100, ['/opt/app/bin/app', '--port', '9000'], { ppid: 777 });
    const before = snap({ processes: [sshd, web, cronJob] });
    const after = snap({ processes: [sshd, newDaemon, listener, adminShell], sockets: [sock('tcp', '127.0.0.1', 9000, [2100])] });
    const d = diffSnapshots(before, after);
    expect(d.processes.appeared.map((p) => [p.pid, p.why])).toEqual([[2000, 'daemon'], [2100, 'listening']]);
    expect(d.processes.vanished.map((p) => [p.pid, p.why])).toEqual([[900, 'daemon']]);
    expect(d.processes.filteredOut).toEqual({ appeared: 1, vanished: 1 });
  });

  it('never counts a zombie, even one whose parent is PID 1', () => {
    const zombie = proc(2300, [], { comm: 'sleep', exe: undefined, state: 'Z' });
    const d = diffSnapshots(snap(), snap({ processes: [zombie] }));
    expect(d.processes.appeared).toEqual([]);
    expect(d.processes.filteredOut.appeared).toBe(1);
  });

  it('reports a process of this run even when it is not a daemon', () => {
    const helper = proc(2200, ['/usr/libexec/pkg/helper'], { ppid: 2150 });
    const d = diffSnapshots(snap(), snap({ processes: [helper] }), { ownerOf: (p) => (p.startsWith('/usr/libexec/pkg/') ? 'pkg-2-1.x86_64' : undefined) });
    expect(d.processes.appeared).toEqual([{ pid: 2200, user: 'root', command: '/usr/libexec/pkg/helper', exe: '/usr/libexec/pkg/helper', package: 'pkg-2-1.x86_64', why: 'package' }]);
  });

  it('compares by command, not pid: a daemon under a new pid is restarted, not appeared and vanished', () => {
    const sshd2 = { ...sshd, pid: 1801, startTicks: 9000 };
    const d = diffSnapshots(snap({ processes: [sshd] }), snap({ processes: [sshd2] }));
    expect(d.processes.appeared).toEqual([]);
    expect(d.processes.vanished).toEqual([]);
    expect(d.processes.restarted).toEqual([{ command: '/usr/sbin/sshd -D', exe: '/usr/sbin/sshd', beforePids: [800], afterPids: [1801] }]);
    expect(diffSnapshots(snap({ processes: [sshd] }), snap({ processes: [sshd] })).processes.restarted).toEqual([]);
  });

  it('a reused pid is still a restart: pid and start time identify a process', () => {
    const same = { ...sshd, startTicks: sshd.startTicks + 500 };
    expect(diffSnapshots(snap({ processes: [sshd] }), snap({ processes: [same] })).processes.restarted).toHaveLength(1);
  });

  it('lists processes that now run a replaced executable, leaving out memfd programs and those already stale', () => {
    const oldStale = proc(700, ['/usr/bin/old'], { exeDeleted: true });
    const memfd = proc(710, ['runner'], { exe: '/memfd:sealed-91', exeDeleted: true });
    const stale = { ...sshd, exeDeleted: true };
    const d = diffSnapshots(snap({ processes: [sshd, oldStale, memfd] }), snap({ processes: [stale, oldStale, memfd] }), { ownerOf: (p) => (p === '/usr/sbin/sshd' ? 'openssh-server-9.0p1-2.x86_64' : undefined) });
    expect(d.processes.staleExecutables).toEqual([{ pid: 800, user: 'root', command: '/usr/sbin/sshd -D', exe: '/usr/sbin/sshd', package: 'openssh-server-9.0p1-2.x86_64' }]);
  });

  it('notes a reboot and a different host', () => {
    const d = diffSnapshots(snap(), snap({ bootId: 'boot-2', host: 'web2' }));
    expect(d.notes).toEqual(['the snapshots are of different hosts (web1, web2)', 'the machine rebooted between the snapshots: every daemon shows as restarted']);
  });
});
