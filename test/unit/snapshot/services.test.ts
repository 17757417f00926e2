import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../../src/errors.js';
import { parseListUnitFiles, parseListUnits, templateOf } from '../../../src/snapshot/parse-systemctl.js';
import { parseInitdefault, sysvServices, sysvUnits } from '../../../src/snapshot/services-sysv.js';
import { FIXTURES } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/roots.js';

describe('systemctl listings', () => {
  it('reads list-unit-files as captured from systemd 252 (three columns)', () => {
    const text = readFileSync(path.join(FIXTURES, 'snapshot', 'systemctl-list-unit-files-debian12-systemd252.txt'), 'utf8');
    const states = parseListUnitFiles(text, 'x');
    expect(states.size).toBe(107);
    expect(states.get('postgresql.service')).toBe('enabled');
    expect(states.get('systemd-networkd.service')).toBe('disabled'); // its preset column says enabled: not what we read
    expect(states.get('autovt@.service')).toBe('alias');
    expect(states.get('cryptdisks.service')).toBe('masked');
    expect([...states.values()].filter((s) => s === 'enabled')).toHaveLength(5);
  });

  it('reads the two-column form of systemd 219 (RHEL 7)', () => {
    expect([...parseListUnitFiles('sshd.service                                enabled\nsshd@.service static\n', 'x')]).toEqual([['sshd.service', 'enabled'], ['sshd@.service', 'static']]);
  });

  it('reads list-units --plain, with or without the failed-unit bullet', () => {
    const text = [
      'sshd.service                loaded    active   running OpenSSH server daemon',
      '● kdump.service             loaded    failed   failed  Crash recovery kernel arming',
      'rhnsd.service               not-found inactive dead    rhnsd.service',
      '',
    ].join('\n');
    expect([...parseListUnits(text, 'x')]).toEqual([
      ['sshd.service', { load: 'loaded', active: 'active', sub: 'running' }],
      ['kdump.service', { load: 'loaded', active: 'failed', sub: 'failed' }],
      ['rhnsd.service', { load: 'not-found', active: 'inactive', sub: 'dead' }],
    ]);
  });

  it('throws ParseError on a line that is not a listing', () => {
    expect(() => parseListUnitFiles('0 unit files listed.\n', 'lf')).toThrow(ParseError);
    expect(() => parseListUnits('sshd.service loaded\n', 'lu')).toThrow(/lu:1:1/);
  });

  it('maps an instance to its template', () => {
    expect(templateOf('getty@tty1.service')).toBe('getty@.service');
    expect(templateOf('sshd.service')).toBeUndefined();
  });
});

describe('SysV rc.d links', () => {
  it('enabled means an S link in the default runlevel; running means /var/lock/subsys/NAME', () => {
    const units = sysvUnits(['S55sshd', 'K74ntpd', 'S10network', 'README'], ['sshd', 'ntpd', 'network', 'functions', 'httpd'], ['sshd'], '/etc/rc.d/init.d');
    expect(units.map((u) => [u.name, u.enabled, u.active])).toEqual([
      ['httpd', 'disabled', 'inactive'], ['network', 'enabled', 'inactive'], ['ntpd', 'disabled', 'inactive'], ['sshd', 'enabled', 'active'],
    ]);
    expect(units[0]?.file).toBe('/etc/rc.d/init.d/httpd');
  });

  it('reads the default runlevel from inittab', () => {
    expect(parseInitdefault('# comment\nid:5:initdefault:\nsi::sysinit:/etc/rc.d/rc.sysinit\n')).toBe(5);
    expect(parseInitdefault('# id:5:initdefault:\n')).toBeUndefined();
    expect(parseInitdefault(undefined)).toBeUndefined();
  });

  it('reads a RHEL 6 style root: rc.d links of the initdefault runlevel, enabled states only', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'etc/rc.d/init.d'), { recursive: true });
    mkdirSync(path.join(root, 'etc/rc.d/rc5.d'), { recursive: true });
    mkdirSync(path.join(root, 'etc/rc.d/rc3.d'), { recursive: true });
    for (const s of ['sshd', 'httpd']) writeFileSync(path.join(root, 'etc/rc.d/init.d', s), '#!/bin/sh\n');
    symlinkSync('../init.d/sshd', path.join(root, 'etc/rc.d/rc5.d/S55sshd'));
    symlinkSync('../init.d/httpd', path.join(root, 'etc/rc.d/rc5.d/K15httpd'));
    symlinkSync('../init.d/httpd', path.join(root, 'etc/rc.d/rc3.d/S85httpd'));
    writeFileSync(path.join(root, 'etc/inittab'), 'id:5:initdefault:\n');
    const s = await sysvServices(root);
    expect(s?.source).toBe('sysv rc.d links');
    expect(s?.units.map((u) => [u.name, u.enabled])).toEqual([['httpd', 'disabled'], ['sshd', 'enabled']]);
    expect(s?.runningKnown).toBe(false);
    expect(s?.notes).toEqual([`${root} is not the running system: enabled states only, running services unknown`]);
  });

  it('gives nothing for a root without rc.d links', async () => {
    expect(await sysvServices(tempDir())).toBeUndefined();
  });
});
