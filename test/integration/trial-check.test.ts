/**
 * 'saferpm trial check' (what the trial units run at boot) against temporary
 * roots armed by the real 'saferpm reboot --trial': /proc/cmdline,
 * /proc/uptime and /proc/net/tcp are files under ROOT/proc; GRUB's clearing
 * of next_entry at the trial boot is done with the real grub-editenv, as
 * GRUB's save_env does. systemctl, logger, sendmail and the reboot command
 * are recorders first on PATH that fail on any call they were not told about.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { EXIT } from '../../src/errors.js';
import { REPO } from '../helpers/paths.js';
import { saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { grubenv, machineFrom, makeTrialTemplate, MID, V1, V2, writePlan } from '../helpers/trial-root.js';

let template: string;

/** Every schema/*.schema.json in one ajv (they refer to each other by $id), as test/integration/schema-outputs.test.ts loads them. */
function schemaErrors(id: string, data: unknown): string[] {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  ajv.addFormat('date-time', { type: 'string', validate: (v: string) => !Number.isNaN(Date.parse(v)) });
  for (const f of readdirSync(path.join(REPO, 'schema'))) ajv.addSchema(JSON.parse(readFileSync(path.join(REPO, 'schema', f), 'utf8')));
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no schema ${id}`);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

interface Fakes {
  bin: string;
  calls: string;
  /** what 'systemctl is-system-running' answers */
  state: string;
  /** what 'systemctl is-active sshd.service' answers */
  active: string;
}

/** systemctl, logger, sendmail and reboot recorders; each line: the program and its arguments, tab-separated. */
function fakes(): Fakes {
  const bin = tempDir('saferpm-trial-bin-');
  const f: Fakes = { bin, calls: path.join(bin, 'calls'), state: path.join(bin, 'state'), active: path.join(bin, 'active') };
  const record = (name: string): string => `{ printf '%s' '${name}'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> '${f.calls}'`;
  const script = (name: string, body: string[]): void => {
    writeFileSync(path.join(bin, name), ['#!/bin/sh', record(name), ...body, ''].join('\n'));
    chmodSync(path.join(bin, name), 0o755);
  };
  script('systemctl', [
    'case "$*" in',
    `  "is-system-running") s=$(cat '${f.state}'); echo "$s"; [ "$s" = running ];;`,
    `  "is-active sshd.service") cat '${f.active}';;`,
    '  *) echo "fake systemctl: unexpected: $*" >&2; exit 97;;',
    'esac',
  ]);
  script('logger', ['[ "$1" = -p ] && [ "$3" = -t ] && [ "$4" = saferpm ] && [ "$5" = -- ] || { echo "fake logger: unexpected: $*" >&2; exit 97; }']);
  script('sendmail', ['[ "$*" = "-oi -t" ] || exit 97', `cat > '${bin}/mail'`]);
  script('fake-reboot', ['[ "$*" = "--no-wall reboot" ] || { echo "fake-reboot: unexpected: $*" >&2; exit 97; }']);
  writeFileSync(f.state, 'running\n');
  writeFileSync(f.active, 'active\n');
  return f;
}

function calls(f: Fakes): string[][] {
  return existsSync(f.calls) ? readFileSync(f.calls, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')) : [];
}

function env(f: Fakes): Record<string, string> {
  return { PATH: `${f.bin}:${process.env.PATH}`, SAFERPM_SENDMAIL: path.join(f.bin, 'sendmail') };
}

/** A root armed for a trial of v2 by the real 'saferpm reboot --trial'; the run's before snapshot says sshd ran and port 22 listened. */
async function armed(f: Fakes, planExtra: string[] = []): Promise<{ root: string; id: string; runId: string }> {
  const root = machineFrom(template);
  writePlan(root, ['[contacts.primary]', 'email = "oncall@example.com"', '[policy]', `reboot_command = ${JSON.stringify([path.join(f.bin, 'fake-reboot'), '--no-wall', 'reboot'])}`, ...planExtra, '[trial]', 'deadline_minutes = 7']);
  const runId = readdirSync(path.join(root, 'var/lib/saferpm/runs'))[0] as string;
  const snapFile = path.join(root, 'var/lib/saferpm/runs', runId, 'snapshot-before.json');
  const snap = JSON.parse(readFileSync(snapFile, 'utf8'));
  snap.services = { source: 'systemctl', enabledKnown: true, runningKnown: true, units: [{ name: 'sshd.service', enabled: 'enabled', active: 'active', sub: 'running' }], notes: [] };
  snap.sockets = [{ proto: 'tcp', address: '0.0.0.0', port: 22, inode: 1234, uid: 0, pids: [] }];
  writeFileSync(snapFile, JSON.stringify(snap));
  const r = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1], { env: env(f) });
  expect(r.exitCode, r.stderr).toBe(EXIT.OK);
  const id = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/trial/current.json'), 'utf8')).id as string;
  rmSync(f.calls, { force: true });
  return { root, id, runId };
}

/** The boot: GRUB's save_env clears next_entry; the kernel's /proc. */
function boot(root: string, o: { cmdline: string; uptime: number; sshListening: boolean }): void {
  execFileSync('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'unset', 'next_entry']);
  mkdirSync(path.join(root, 'proc/net'), { recursive: true });
  writeFileSync(path.join(root, 'proc/cmdline'), `${o.cmdline}\n`);
  writeFileSync(path.join(root, 'proc/uptime'), `${o.uptime.toFixed(2)} 10.00\n`);
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  const ssh = '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0\n';
  writeFileSync(path.join(root, 'proc/net/tcp'), header + (o.sshListening ? ssh : ''));
}

function trialFile(root: string, id: string): Record<string, unknown> & { steps: { step: string; ok: boolean; detail: string }[] } {
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/trial', `${id}.json`), 'utf8'));
}

describe.runIf(needTools('rpm', 'rpmbuild', 'grub-editenv'))('saferpm trial check', () => {
  beforeAll(async () => {
    template = await makeTrialTemplate();
  });
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });

  it('the trial boot, healthy: promoted (the new kernel is the default), the trial entry gone, logged at notice; history shows it', async () => {
    const f = fakes();
    const { root, id, runId } = await armed(f);
    boot(root, { cmdline: `BOOT_IMAGE=/boot/vmlinuz-${V2} root=/dev/vda2 ro panic=10 rd.emergency=reboot systemd.crash_reboot=1 saferpm.trial=${id}`, uptime: 35, sshListening: true });
    const r = await saferpm(['trial', 'check', '--root', root, '--running-kernel', V2], { env: env(f) });
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(calls(f).map((c) => c.slice(0, 2).join(' '))).toEqual(['systemctl is-system-running', 'systemctl is-active', 'logger -p']);
    expect(calls(f)[2]?.[6]).toBe(`trial=${id} status=promoted kernel=${V2} known_good=${V1} run=${runId}`);
    expect(calls(f)[2]?.[2]).toBe('authpriv.notice');
    expect(grubenv(root)).toEqual({ saved_entry: `${MID}-${V2}` });
    expect(readdirSync(path.join(root, 'boot/loader/entries')).sort()).toEqual([`${MID}-${V1}.conf`, `${MID}-${V2}.conf`]);
    expect(existsSync(path.join(root, 'var/lib/saferpm/trial/current.json'))).toBe(false);
    const t = trialFile(root, id);
    expect(t.status).toBe('promoted');
    expect(t.steps.map((s) => s.step)).toEqual(['entry', 'pin', 'arm', 'verify', 'check', 'remove-entry', 'promote']);
    expect(t.steps.at(-1)?.detail).toMatch(/^healthy after 35 s: systemctl is-system-running: running; 1 services active again; 1 ports listening again; saved_entry=/);
    const record = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runId, 'record.json'), 'utf8'));
    expect(record.trial).toMatchObject({ id, status: 'promoted', kernel: V2, knownGood: V1 });
    const info = JSON.parse((await saferpm(['boot', 'info', '--root', root, '--json'])).stdout);
    expect(info.entries[info.default.entry]).toMatchObject({ version: V2, id: `${MID}-${V2}` });
    const h = await saferpm(['history', '--root', root]);
    expect(h.stdout).toContain(`Trial boots (/var/lib/saferpm/trial/):\n  ${id}  promoted   ${V2} (known-good ${V1}) run ${runId}`);
    const hr = await saferpm(['history', runId, '--root', root]);
    expect(hr.stdout).toContain(`Trial boot ${id}: promoted`);
    const s = JSON.parse((await saferpm(['trial', 'status', '--root', root, '--json'])).stdout);
    expect(s).toMatchObject({ schema: 'saferpm.trial-status/1', inProgress: false, trial: { id, status: 'promoted' }, excluded: [] });
    expect(schemaErrors('urn:saferpm:schema:trial-status:1', s)).toEqual([]);
    expect(schemaErrors('urn:saferpm:schema:run-report:1', record)).toEqual([]);
  });

  it('unhealthy at the deadline: the reasons, the trial entry removed, the note, then the reboot; the next boot records "fell back", excludes the kernel, mails the note', async () => {
    const f = fakes();
    const { root, id } = await armed(f, ['mail_note = true']);
    writeFileSync(f.state, 'degraded\n');
    writeFileSync(f.active, 'failed\n');
    boot(root, { cmdline: `BOOT_IMAGE=/boot/vmlinuz-${V2} ro saferpm.trial=${id}`, uptime: 421, sshListening: false });
    const r = await saferpm(['trial', 'check', '--root', root, '--running-kernel', V2], { env: env(f) });
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(calls(f).map((c) => c[0])).toEqual(['systemctl', 'systemctl', 'logger', 'fake-reboot']);
    expect(calls(f)[2]?.[2]).toBe('authpriv.warning');
    const cur = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/trial/current.json'), 'utf8'));
    expect(cur.status).toBe('unhealthy');
    expect(cur.reason).toBe('not healthy 7 minutes after the kernel started: system: systemctl is-system-running: degraded; services: not active again: sshd.service (failed); ports: not listening again: tcp 0.0.0.0:22');
    expect(existsSync(path.join(root, `boot/loader/entries/saferpm-trial-${id}.conf`))).toBe(false);
    expect(grubenv(root)).toEqual({ saved_entry: `${MID}-${V1}` });
    expect(readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8')).toContain(`Trial:      ${id} (unhealthy)`);
    expect(readFileSync(path.join(root, 'var/lib/saferpm/reboots.log'), 'utf8')).toContain(`"trial":"${id}"`);

    // the boot after: GRUB started the default, the known-good kernel; no saferpm.trial on the command line
    rmSync(f.calls);
    boot(root, { cmdline: `BOOT_IMAGE=/boot/vmlinuz-${V1} root=/dev/vda2 ro`, uptime: 30, sshListening: true });
    const fb = await saferpm(['trial', 'check', '--root', root, '--running-kernel', V1], { env: env(f) });
    expect(fb.exitCode, fb.stderr).toBe(EXIT.OK);
    expect(fb.stderr).toContain(`warning: trial ${id}: ${V2} fell back to ${V1}: not healthy 7 minutes`);
    expect(calls(f).map((c) => c[0])).toEqual(['logger', 'sendmail']);
    expect(calls(f)[0]?.[2]).toBe('authpriv.warning');
    expect(calls(f)[0]?.[6]).toContain('status=fell-back');
    expect(readFileSync(path.join(f.bin, 'mail'), 'utf8')).toContain('To: oncall@example.com');
    const t = trialFile(root, id);
    expect(t.status).toBe('fell-back');
    expect(t.steps.map((s) => s.step).slice(-4)).toEqual(['unhealthy', 'remove-entry', 'fell-back', 'exclude']);
    expect(t.steps.find((s) => s.step === 'fell-back')?.detail).toBe(`running ${V1}; saved_entry=${MID}-${V1} (the known-good entry)`);
    const note = readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8');
    expect(note).toContain(`Trial:      ${id} (fell-back)`);
    expect(note.replace(/\s+/g, ' ')).toContain(`${V2} is excluded`);

    // excluded: the boot check and the reboot refuse it until cleared
    const check = await saferpm(['boot', 'check', '--root', root, '--running-kernel', V1]);
    expect(check.exitCode).toBe(EXIT.BOOT_UNSAFE);
    expect(check.stdout + check.stderr).toContain(`${V2} fell back in trial ${id}`);
    const again = await saferpm(['reboot', '--trial', '--root', root, '--running-kernel', V1], { env: env(f) });
    expect(again.exitCode).toBe(EXIT.BOOT_UNSAFE);
    const clear = await saferpm(['trial', 'clear', V2, '--root', root]);
    expect(clear.exitCode, clear.stderr).toBe(EXIT.OK);
    expect((await saferpm(['boot', 'check', '--root', root, '--running-kernel', V1])).exitCode).toBe(EXIT.OK);
  });

  it('a trial boot that never reached the check (a panic, rebooted by panic=10): the next boot records why', async () => {
    const f = fakes();
    const { root, id } = await armed(f);
    boot(root, { cmdline: `BOOT_IMAGE=/boot/vmlinuz-${V1} ro`, uptime: 20, sshListening: true });
    const r = await saferpm(['trial', 'check', '--root', root, '--running-kernel', V1], { env: env(f) });
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    const t = trialFile(root, id);
    expect(t).toMatchObject({ status: 'fell-back' });
    expect(t.reason).toMatch(/never reached 'saferpm trial check' \(status armed\): a panic rebooted by panic=10/);
    expect(existsSync(path.join(root, `boot/loader/entries/saferpm-trial-${id}.conf`))).toBe(false);
    const x = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/trial/excluded.json'), 'utf8'));
    expect(x.kernels).toMatchObject([{ kernel: V2, trialId: id }]);
  });

  it('no trial in progress: nothing to do, exit 0, no program run', async () => {
    const f = fakes();
    const root = machineFrom(template);
    const r = await saferpm(['trial', 'check', '--root', root], { env: env(f) });
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(r.stderr).toContain('no trial boot in progress');
    expect(calls(f)).toEqual([]);
  });

  it('status, then abandon by hand: the trial entry goes, next_entry is cleared, v1 stays the default', async () => {
    const f = fakes();
    const { root, id } = await armed(f);
    const s = await saferpm(['trial', 'status', '--root', root]);
    expect(s.stdout).toContain(`trial ${id}: armed\n  kernel:       ${V2} (once,`);
    const a = await saferpm(['trial', 'abandon', '--root', root], { env: env(f) });
    expect(a.exitCode, a.stderr).toBe(EXIT.OK);
    expect(grubenv(root)).toEqual({ saved_entry: `${MID}-${V1}` });
    expect(trialFile(root, id).status).toBe('abandoned');
    const again = await saferpm(['trial', 'abandon', '--root', root]);
    expect(again.exitCode).toBe(EXIT.NOINPUT);
    expect(again.stderr).toContain('no trial boot is in progress');
  });

  it('promote by hand on the known-good boot: the new kernel becomes the default', async () => {
    const f = fakes();
    const { root, id } = await armed(f);
    const p = await saferpm(['trial', 'promote', '--root', root], { env: env(f) });
    expect(p.exitCode, p.stderr).toBe(EXIT.OK);
    expect(p.stderr).toContain(`trial ${id} has not booted yet`);
    expect(grubenv(root)).toEqual({ saved_entry: `${MID}-${V2}` });
  });
});
