/**
 * takeSnapshot against the real /proc of this machine and systemctl --root on
 * temporary roots. Nothing here touches the host's services or packages.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';
import path from 'node:path';
import { execa } from 'execa';
import { takeSnapshot } from '../../src/snapshot/take.js';
import { diffSnapshots } from '../../src/snapshot/diff.js';
import { tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

function sleeper(): number {
  const child = execa('sleep', ['20'], { reject: false });
  onTestFinished(() => { child.kill('SIGKILL'); });
  return child.pid as number;
}

describe('processes from /proc', () => {
  it('leaves out saferpm itself (the excluded pid) and everything it started', async () => {
    const child = sleeper();
    const s = await takeSnapshot({ root: tempDir() });
    const pids = s.processes.map((p) => p.pid);
    expect(pids).not.toContain(process.pid);
    expect(pids).not.toContain(child);
    expect(s.excludedPids).toEqual([process.pid]);
    expect(pids).toContain(1);
  });

  it('reads pid, parent, user, command line and executable', async () => {
    const child = sleeper();
    const s = await takeSnapshot({ root: tempDir(), excludePids: [] });
    const me = s.processes.find((p) => p.pid === process.pid);
    expect(me).toMatchObject({ ppid: process.ppid, uid: process.geteuid?.(), exe: realpathSync(process.execPath) });
    expect(me?.argv).toEqual([process.argv0, ...process.execArgv, ...process.argv.slice(1)]);
    const sleep = s.processes.find((p) => p.pid === child);
    expect(sleep).toMatchObject({ ppid: process.pid, comm: 'sleep', argv: ['sleep', '20'] });
    expect(sleep?.exe).toMatch(/\/sleep$/);
    expect(s.processes.find((p) => p.pid === 2)).toBeUndefined(); // kthreadd and its kernel threads
    expect(s.bootTime).toBeGreaterThan(1e9);
    expect(s.bootId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('listening sockets from /proc/net with their holders', () => {
  it('finds TCP and UDP listeners on IPv4 and IPv6 and the process holding them', async () => {
    const tcp = net.createServer();
    await new Promise<void>((ok) => tcp.listen(0, '127.0.0.1', ok));
    const udp = dgram.createSocket('udp6');
    await new Promise<void>((ok) => udp.bind(0, '::1', ok));
    onTestFinished(() => { tcp.close(); udp.close(); });
    const tcpPort = (tcp.address() as net.AddressInfo).port;
    const udpPort = udp.address().port;
    const s = await takeSnapshot({ root: tempDir(), excludePids: [] });
    expect(s.sockets.find((k) => k.port === tcpPort && k.proto === 'tcp')).toMatchObject({ address: '127.0.0.1', pids: [process.pid] });
    expect(s.sockets.find((k) => k.port === udpPort && k.proto === 'udp6')).toMatchObject({ address: '::1', pids: [process.pid] });
  });

  it('reads all of /proc/net/tcp, which the kernel hands out one page per read', async () => {
    const servers = await Promise.all(Array.from({ length: 150 }, async () => {
      const server = net.createServer();
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      return server;
    }));
    onTestFinished(() => { for (const server of servers) server.close(); });
    const s = await takeSnapshot({ root: tempDir(), excludePids: [] });
    const mine = new Set(s.sockets.filter((k) => k.pids.includes(process.pid)).map((k) => k.port));
    for (const server of servers) expect(mine.has((server.address() as net.AddressInfo).port)).toBe(true);
  });
});

describe.runIf(needTools('systemctl'))('services of a root through systemctl --root', () => {
  const unit = '[Unit]\nDescription=test\n[Service]\nExecStart=/usr/bin/true\n[Install]\nWantedBy=multi-user.target\n';

  function systemdRoot(): string {
    const root = tempDir('saferpm-units-');
    mkdirSync(path.join(root, 'usr/lib/systemd/system'), { recursive: true });
    mkdirSync(path.join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    for (const name of ['sshd', 'httpd']) writeFileSync(path.join(root, `usr/lib/systemd/system/${name}.service`), unit);
    writeFileSync(path.join(root, 'usr/lib/systemd/system/static-helper.service'), '[Service]\nExecStart=/usr/bin/true\n');
    symlinkSync('/usr/lib/systemd/system/sshd.service', path.join(root, 'etc/systemd/system/multi-user.target.wants/sshd.service'));
    return root;
  }

  it('reads enabled, disabled and static units with their packaged files, and says running units are unknown', async () => {
    const root = systemdRoot();
    const s = await takeSnapshot({ root });
    expect(s.services.source).toBe('systemctl --root');
    expect(s.services.units).toEqual([
      { name: 'httpd.service', enabled: 'disabled', file: '/usr/lib/systemd/system/httpd.service' },
      { name: 'sshd.service', enabled: 'enabled', file: '/usr/lib/systemd/system/sshd.service' },
      { name: 'static-helper.service', enabled: 'static', file: '/usr/lib/systemd/system/static-helper.service' },
    ]);
    expect(s.services.runningKnown).toBe(false);
    expect(s.services.notes).toEqual([`${root} is not the running system: enabled states only, running units unknown`]);
  });

  it('reports a unit enabled between two snapshots, with the package that owns its file', async () => {
    const root = systemdRoot();
    const before = await takeSnapshot({ root });
    const r = await execa('systemctl', [`--root=${root}`, 'enable', 'httpd.service'], { reject: false });
    expect(r.exitCode).toBe(0);
    const after = await takeSnapshot({ root });
    const d = diffSnapshots(before, after, { ownerOf: (p) => (p === '/usr/lib/systemd/system/httpd.service' ? 'httpd-2.4.57-5.el9.x86_64' : undefined) });
    expect(d.services.enabled).toEqual([{ name: 'httpd.service', before: 'disabled', after: 'enabled', file: '/usr/lib/systemd/system/httpd.service', package: 'httpd-2.4.57-5.el9.x86_64' }]);
    expect(d.services.disabled).toEqual([]);
  });

  it('says plainly when a root has neither systemd units nor rc.d links', async () => {
    const root = tempDir();
    const s = await takeSnapshot({ root });
    expect(s.services).toEqual({ source: 'none', enabledKnown: false, runningKnown: false, units: [], notes: [`no systemd unit folders and no SysV rc.d links under ${root}: services unknown`] });
  });
});
