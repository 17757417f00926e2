/**
 * End to end with the real rpm: v1 installed with plain rpm (its package
 * files kept in a standby_dirs folder), v2 through saferpm -Uvh; then the
 * note, saferpm history and saferpm undo, which must bring back v1 only.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { archName, kuname } from '../helpers/fixture-matrix.js';
import { installed, rpm, saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { treeFingerprint } from '../helpers/tree.js';

const V1 = kuname('v1');
const V2 = kuname('v2');
const V1_ONLY = ['dracut-1.0-1.noarch', `kernel-${V1}`, `kernel-core-${V1}`, `kernel-modules-${V1}`, 'openssh-server-1.0-1.noarch'];
const ADMIN_SSHD = '# sshd_config as this admin left it before the patch\nPermitRootLogin no\n';

let template: string;
let runId: string;
let v3: string[];

/** v1 by plain rpm with an edited sshd_config, v1's files on standby, v2 through saferpm. */
async function makeTemplate(): Promise<string> {
  const [v1, v2] = [(await buildRelease('v1')).all, (await buildRelease('v2')).all];
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-undo-template-'));
  mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
  mkdirSync(path.join(root, 'boot'));
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  expect((await rpm(root, ['-ivh', ...v1])).exitCode).toBe(0);
  writeFileSync(path.join(root, 'etc/ssh/sshd_config'), ADMIN_SSHD);
  mkdirSync(path.join(root, 'srv/standby'), { recursive: true });
  for (const f of v1) copyFileSync(f, path.join(root, 'srv/standby', path.basename(f)));
  writeFileSync(path.join(root, 'etc/saferpm/plan.toml'), '[policy]\nstandby_dirs = ["/srv/standby"]\n');
  chmodSync(path.join(root, 'etc/saferpm/plan.toml'), 0o644);
  const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', V1, ...v2]);
  expect(r.exitCode, r.stderr).toBe(0);
  return root;
}

function machine(): string {
  const root = tempDir('saferpm-undo-');
  execFileSync('cp', ['-a', `${template}/.`, root]);
  return root;
}

const runs = (root: string): string[] => readdirSync(path.join(root, 'var/lib/saferpm/runs')).sort();
const flat = (s: string): string => s.replace(/ \\\n\s+/g, ' ');

describe.runIf(needTools('rpm', 'rpmbuild'))('a kernel run through saferpm, its note, history and undo', () => {
  beforeAll(async () => {
    template = await makeTemplate();
    runId = runs(template)[0] as string;
    v3 = (await buildRelease('v3')).userland;
  });
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });

  it('the note is at the documented paths: old and new kernel, the exact rpm -e, the standby paths', () => {
    const own = readFileSync(path.join(template, `var/lib/saferpm/notes/${runId}.txt`), 'utf8');
    expect(readFileSync(path.join(template, 'var/lib/saferpm/RECOVERY.txt'), 'utf8')).toBe(own);
    const note = flat(own);
    expect(note).toContain(`Known-good:   ${V1} (running when saferpm ran)`);
    expect(note).toContain(`New:          ${V2}`);
    expect(note).toContain(`rpm -e kernel-${V2} kernel-core-${V2} kernel-modules-${V2}`);
    expect(note).toContain('rpm -Uvh --oldpackage /srv/standby/dracut-1.0-1.noarch.rpm /srv/standby/openssh-server-1.0-1.noarch.rpm');
    expect(note).toContain(`saferpm restore ${runId}`);
    const short = flat(readFileSync(path.join(template, 'boot/saferpm-recovery.txt'), 'utf8'));
    expect(short).toContain(`Known-good kernel: ${V1}. New: ${V2}.`);
    expect(short).toContain(`rpm -e kernel-${V2} kernel-core-${V2} kernel-modules-${V2}`);
  });

  it('saferpm history lists the run in aligned columns; history ID shows changes, verdict, note and undo', async () => {
    const root = machine();
    const list = await saferpm(['history', '--root', root]);
    expect(list.exitCode, list.stderr).toBe(EXIT.OK);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ID                      STARTED (UTC)    TOOL STATUS      EXIT PKGS VERDICT');
    expect(lines[1]).toMatch(new RegExp(`^${runId} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d rpm  succeeded      0    5 safe$`));
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const one = await saferpm(['history', runId, '--root', root]);
    expect(one.exitCode, one.stderr).toBe(EXIT.OK);
    const text = flat(one.stdout);
    expect(text).toContain(`Run ${runId}: succeeded, exit 0`);
    expect(text).toContain('dracut.noarch 1.0-1 -> 2.0-1 [upgraded]');
    expect(text).toContain(`kernel-core.${archName()} 6.1.10-1 -> 6.1.10-1, 6.1.12-1 [installed-beside]`);
    expect(text).toContain('Boot check\n----------\n  safe to reboot');
    expect(text).toContain(`${root}/var/lib/saferpm/notes/${runId}.txt`);
    expect(text).toContain(`rpm -e kernel-${V2} kernel-core-${V2} kernel-modules-${V2}`);
    expect(text).toContain('rpm -Uvh --oldpackage /srv/standby/dracut-1.0-1.noarch.rpm /srv/standby/openssh-server-1.0-1.noarch.rpm');
  });

  it('a torn or missing record is listed as damaged, not a crash; showing it is a clear error', async () => {
    const root = machine();
    const runsDir = path.join(root, 'var/lib/saferpm/runs');
    mkdirSync(path.join(runsDir, '20990101T000000Z-aaaaaa'), { mode: 0o700 });
    writeFileSync(path.join(runsDir, '20990101T000000Z-aaaaaa/record.json'), '{"schema": "saferpm.run/1", "id": "2099', { mode: 0o600 });
    mkdirSync(path.join(runsDir, '20990101T000001Z-bbbbbb'), { mode: 0o700 });
    const r = await saferpm(['history', '--root', root]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(r.stdout).toContain('20990101T000000Z-aaaaaa DAMAGED: record.json is not valid JSON (torn or edited)');
    expect(r.stdout).toContain('20990101T000001Z-bbbbbb DAMAGED: record.json is missing');
    expect(r.stdout).toContain(`${runId} `);
    const one = await saferpm(['history', '20990101T000000Z-aaaaaa', '--root', root]);
    expect(one.exitCode).toBe(EXIT.DATAERR);
    expect(one.stderr).toContain('run 20990101T000000Z-aaaaaa: record.json is not valid JSON');
  });

  it('undo --dry-run prints the saferpm commands and changes nothing', async () => {
    const root = machine();
    const before = treeFingerprint(root);
    const r = await saferpm(['undo', runId, '--root', root, '--running-kernel', V1, '--dry-run']);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    const text = flat(r.stdout);
    expect(text).toContain(`saferpm -Uvh --oldpackage --root ${root} --running-kernel ${V1} -- ${root}/srv/standby/dracut-1.0-1.noarch.rpm ${root}/srv/standby/openssh-server-1.0-1.noarch.rpm`);
    expect(text).toContain(`saferpm -e --root ${root} --running-kernel ${V1} -- kernel-${V2} kernel-core-${V2} kernel-modules-${V2}`);
    expect(r.stdout.match(/\(dry run: command not executed\)/g)).toHaveLength(2);
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('undo restores v1 only, each step through saferpm; config with --restore-config; history shows it', async () => {
    const root = machine();
    writeFileSync(path.join(root, 'etc/ssh/sshd_config'), '# changed after the patch\n');
    const r = await saferpm(['undo', runId, '--root', root, '--running-kernel', V1, '--restore-config']);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(await installed(root)).toEqual(V1_ONLY);
    expect(existsSync(path.join(root, `boot/vmlinuz-${V2}`))).toBe(false);
    expect(existsSync(path.join(root, `boot/vmlinuz-${V1}`))).toBe(true);
    expect(readFileSync(path.join(root, 'etc/ssh/sshd_config'), 'utf8')).toBe(ADMIN_SSHD);
    expect(r.stderr).toContain(`saferpm: after undoing run ${runId}: safe to reboot`);
    const after = runs(root);
    expect(after).toHaveLength(2); // the downgrade is a saferpm run of its own
    const record = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', after[1] as string, 'record.json'), 'utf8'));
    expect(record.commandLine.slice(0, 2)).toEqual(['-Uvh', '--oldpackage']);
    expect(record.status).toBe('succeeded');
    const undoLog = readdirSync(path.join(root, 'var/lib/saferpm/runs', runId)).filter((n) => n.startsWith('undo-'));
    expect(undoLog).toHaveLength(1);
    const log = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runId, undoLog[0] as string), 'utf8'));
    expect(log.steps.map((s: { kind: string; exitCode: number }) => [s.kind, s.exitCode])).toEqual([['downgrade', 0], ['erase', 0], ['restore-config', 0]]);
    const history = await saferpm(['history', runId, '--root', root]);
    expect(flat(history.stdout)).toMatch(/saferpm undo of this run\n-+\n {2}\S+ \S+ UTC by \S+: exit 0\n {4}downgrade: saferpm -Uvh --oldpackage/);

    const again = await saferpm(['undo', runId, '--root', root, '--running-kernel', V1]);
    expect(again.exitCode, again.stderr).toBe(EXIT.OK);
    expect(again.stdout).toContain(`nothing to undo for run ${runId}`);
    expect(again.stderr).toContain('saferpm: dracut.noarch: already undone (installed now: 1.0-1, as before the run)');
    expect(runs(root)).toHaveLength(2);
  });

  it('a package changed since the run is said and left alone; the rest is undone', async () => {
    const root = machine();
    const ssh3 = v3.filter((f) => path.basename(f).startsWith('openssh-server-'));
    expect((await rpm(root, ['-Uvh', ...ssh3])).exitCode).toBe(0);
    const r = await saferpm(['undo', runId, '--root', root, '--running-kernel', V1]);
    expect(r.exitCode, r.stderr).toBe(EXIT.OK);
    expect(r.stderr).toContain('openssh-server.noarch: changed since the run (the record says 2.0-1, installed now: 3.0-1); left alone');
    expect(await installed(root)).toEqual([...V1_ONLY.filter((p) => !p.startsWith('openssh')), 'openssh-server-3.0-1.noarch'].sort());
  });

  it('a missing standby copy refuses the whole undo, naming it; --skip-missing undoes the rest', async () => {
    const root = machine();
    unlinkSync(path.join(root, 'srv/standby/dracut-1.0-1.noarch.rpm'));
    const before = await installed(root);
    const r = await saferpm(['undo', runId, '--root', root, '--running-kernel', V1]);
    expect(r.exitCode).toBe(EXIT.REFUSED);
    expect(r.stderr).toContain(`cannot undo run ${runId}: no standby copy of dracut-1.0-1.noarch (/srv/standby/dracut-1.0-1.noarch.rpm is gone); nothing was changed`);
    expect(r.stderr).toContain('--skip-missing');
    expect(await installed(root)).toEqual(before);
    const skip = await saferpm(['undo', runId, '--root', root, '--running-kernel', V1, '--skip-missing']);
    expect(skip.exitCode, skip.stderr).toBe(EXIT.OK);
    expect(skip.stderr).toContain('dracut.noarch: no standby copy of dracut-1.0-1.noarch (/srv/standby/dracut-1.0-1.noarch.rpm is gone); left alone (--skip-missing)');
    expect(await installed(root)).toEqual([...V1_ONLY.filter((p) => !p.startsWith('dracut')), 'dracut-2.0-1.noarch'].sort());
  });

  it('never erases the running kernel: booted into v2, the undo is refused before anything changes', async () => {
    const root = machine();
    const before = treeFingerprint(root);
    const r = await saferpm(['undo', runId, '--root', root, '--running-kernel', V2]);
    expect(r.exitCode).toBe(EXIT.REFUSED);
    expect(r.stderr).toContain(`cannot undo: it would erase kernel-${V2}, kernel-core-${V2}, kernel-modules-${V2}, the running kernel (${V2}); nothing was changed`);
    expect(treeFingerprint(root)).toEqual(before);
  });
});
