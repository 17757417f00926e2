/**
 * saferpm reboot mails the recovery note to the plan's contacts before the
 * reboot when the plan says mail_note = true. sendmail and the reboot command
 * are recorders (nothing can really be mailed or rebooted here): the sendmail
 * stand-in keeps the message it was given, the reboot stand-in fails unless
 * the message was already there.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { rpm, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

function script(dir: string, name: string, body: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ['#!/bin/sh', ...body, ''].join('\n'));
  chmodSync(file, 0o755);
  return file;
}

describe.runIf(needTools('rpm', 'rpmbuild'))('saferpm reboot with mail_note', () => {
  it('mails the note to the contacts, then reboots', async () => {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...(await buildRelease('v1')).all])).exitCode).toBe(0);
    expect((await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...(await buildRelease('v2')).all])).exitCode).toBe(0);
    const dir = tempDir('saferpm-mail-');
    const mail = path.join(dir, 'message');
    const sendmail = script(dir, 'sendmail', [`[ "$1" = -oi ] && [ "$2" = -t ] && [ "$#" -eq 2 ] || { echo "sendmail: unexpected arguments: $*" >&2; exit 97; }`, `cat > '${mail}'`]);
    const reboots = path.join(dir, 'reboots');
    const reboot = script(dir, 'fake-reboot', [`[ "$#" -eq 0 ] && [ -s '${mail}' ] || { echo "fake-reboot: unexpected call or no mail yet" >&2; exit 97; }`, `echo rebooted >> '${reboots}'`]);
    mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
    const plan = path.join(root, 'etc/saferpm/plan.toml');
    writeFileSync(plan, ['[contacts.primary]', 'name = "Alice Admin"', 'email = "alice@example.com"', '[[contacts.owners]]', 'service = "sshd"', 'name = "Dana"', 'email = "dana@example.com"', '[policy]', 'mail_note = true', `reboot_command = ["${reboot}"]`, ''].join('\n'));
    chmodSync(plan, 0o644);
    const r = await saferpm(['reboot', '--root', root, '--running-kernel', kuname('v1')], { env: { SAFERPM_SENDMAIL: sendmail } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/recovery note mailed to alice@example\.com, dana@example\.com/);
    const message = readFileSync(mail, 'utf8');
    expect(message).toMatch(/^To: alice@example\.com$/m);
    expect(message).toMatch(/^Cc: dana@example\.com$/m);
    expect(message).toMatch(/^Subject: saferpm recovery note: /m);
    expect(message).toMatch(/SAFERPM RECOVERY NOTE/);
    expect(message).toContain(kuname('v2'));
    expect(readFileSync(reboots, 'utf8')).toBe('rebooted\n');
  });

  it('a failing sendmail does not stop the reboot, and says so', async () => {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...(await buildRelease('v1')).all])).exitCode).toBe(0);
    const dir = tempDir('saferpm-mail-');
    const sendmail = script(dir, 'sendmail', ['echo "sendmail: queue file write error" >&2', 'exit 75']);
    const reboots = path.join(dir, 'reboots');
    const reboot = script(dir, 'fake-reboot', [`echo rebooted >> '${reboots}'`]);
    mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
    const plan = path.join(root, 'etc/saferpm/plan.toml');
    writeFileSync(plan, ['[contacts.primary]', 'name = "Alice"', 'email = "alice@example.com"', '[policy]', 'mail_note = true', `reboot_command = ["${reboot}"]`, ''].join('\n'));
    chmodSync(plan, 0o644);
    const r = await saferpm(['reboot', '--root', root, '--running-kernel', kuname('v1')], { env: { SAFERPM_SENDMAIL: sendmail } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/recovery note not mailed: .*exited 75: sendmail: queue file write error/);
    expect(existsSync(reboots)).toBe(true);
  });
});
