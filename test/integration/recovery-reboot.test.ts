/**
 * saferpm reboot and saferpm preflight on a temporary root patched from v1 to
 * v2 through saferpm with the real rpm. The reboot command is the one thing
 * that cannot be real: the plan's reboot_command names a recorder written
 * here, which records its argument vector and fails on any other.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { processStartTime } from '../../src/state/lock.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { rpm, saferpm, tempDir } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';
import { treeFingerprint } from '../helpers/tree.js';

const V1 = kuname('v1');
const V2 = kuname('v2');
/** What the plan tells saferpm to run, after the recorder's path (as 'systemctl --no-wall reboot'). */
const REBOOT_ARGS = ['--no-wall', 'reboot'];
const isRoot = needRoot('mounting a tmpfs over the state folder');

let template: string;

/** A root with v1 installed by plain rpm, its package files on standby, and v2 installed through saferpm. */
async function makeTemplate(): Promise<string> {
  const [v1, v2] = [(await buildRelease('v1')).all, (await buildRelease('v2')).all];
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-reboot-template-'));
  mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
  mkdirSync(path.join(root, 'boot'));
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  const r1 = await rpm(root, ['-ivh', ...v1]);
  expect(r1.exitCode, String(r1.stderr)).toBe(0);
  mkdirSync(path.join(root, 'srv/standby'), { recursive: true });
  for (const f of v1) copyFileSync(f, path.join(root, 'srv/standby', path.basename(f)));
  writePlan(root, ['standby_dirs = ["/srv/standby"]']);
  const r2 = await saferpm(['-Uvh', '--root', root, '--running-kernel', V1, ...v2]);
  expect(r2.exitCode, r2.stderr).toBe(0);
  return root;
}

function writePlan(root: string, policy: string[]): void {
  const file = path.join(root, 'etc/saferpm/plan.toml');
  writeFileSync(file, ['[policy]', ...policy, ''].join('\n'));
  chmodSync(file, 0o644);
}

/** A copy of the template whose plan reboots through a recorder; RECOVERY.txt removed, so a new one proves the note was written. */
function machine(): { root: string; calls: string } {
  const root = tempDir('saferpm-reboot-');
  execFileSync('cp', ['-a', `${template}/.`, root]);
  unlinkSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'));
  const { file, calls } = recorder(root);
  writePlan(root, ['standby_dirs = ["/srv/standby"]', `reboot_command = ${JSON.stringify([file, ...REBOOT_ARGS])}`]);
  return { root, calls };
}

/**
 * The stand-in for the reboot command, outside the root (the command runs on
 * the host). It appends its arguments, one per line, to `calls`, and fails
 * (exit 97) on any argument vector but REBOOT_ARGS, and when the note or the
 * reboots.log line is not there yet: both must be written before any reboot.
 */
function recorder(root: string): { file: string; calls: string } {
  const dir = tempDir('saferpm-recorder-');
  const calls = path.join(dir, 'calls');
  const file = path.join(dir, 'fake-reboot');
  const expected = REBOOT_ARGS.map((a, i) => `[ "$${i + 1}" = '${a}' ]`).join(' && ');
  writeFileSync(file, [
    '#!/bin/sh',
    `printf '%s\\n' "$@" >> '${calls}'`,
    `if [ "$#" -ne ${REBOOT_ARGS.length} ] || ! { ${expected}; }; then echo "fake-reboot: unexpected arguments: $*" >&2; exit 97; fi`,
    `[ -s '${root}/var/lib/saferpm/RECOVERY.txt' ] || { echo 'fake-reboot: no recovery note before the reboot' >&2; exit 98; }`,
    `[ -s '${root}/var/lib/saferpm/reboots.log' ] || { echo 'fake-reboot: reboot not logged before the reboot' >&2; exit 99; }`,
    'echo "fake-reboot: reboot scheduled"',
    '',
  ].join('\n'));
  chmodSync(file, 0o755);
  return { file, calls };
}

function rebootLog(root: string): Record<string, unknown>[] {
  const text = readFileSync(path.join(root, 'var/lib/saferpm/reboots.log'), 'utf8');
  return text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function makeUnsafe(root: string): void {
  unlinkSync(path.join(root, `boot/initramfs-${V2}.img`));
}

describe.runIf(needTools('rpm', 'rpmbuild'))('the reboot guard on a root patched from v1 to v2', () => {
  beforeAll(async () => {
    template = await makeTemplate();
  });
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });

  describe('saferpm reboot', () => {
    it('a safe machine: note written first, logged, then the reboot command exactly once with its argv', async () => {
      const { root, calls } = machine();
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      expect(readFileSync(calls, 'utf8')).toBe(`${REBOOT_ARGS.join('\n')}\n`);
      const id = readdirSync(path.join(root, 'var/lib/saferpm/runs'))[0] as string;
      expect(r.stdout).toContain(`recovery note for run ${id}:\n  ${root}/var/lib/saferpm/notes/${id}.txt\n  ${root}/var/lib/saferpm/RECOVERY.txt (latest)\n`);
      expect(r.stdout).toContain(`reboot requested: ${path.dirname(calls)}/fake-reboot --no-wall reboot`);
      const note = readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8');
      expect(note).toContain(`Known-good:   ${V1}`);
      expect(note).toContain(`New:          ${V2}`);
      expect(note).toContain('Verdict:    the boot check passed: safe to reboot');
      expect(rebootLog(root)).toMatchObject([{ action: 'reboot', dryRun: false, safe: true, forced: false, runId: id, kernel: V2, runningKernel: V1, note: `/var/lib/saferpm/notes/${id}.txt` }]);
      expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
    });

    it('--dry-run does everything but the reboot', async () => {
      const { root, calls } = machine();
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1, '--dry-run']);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      expect(existsSync(calls)).toBe(false);
      expect(r.stdout).toMatch(/dry run: would run '\S+fake-reboot --no-wall reboot' \(command not executed\)/);
      expect(existsSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'))).toBe(true);
      expect(rebootLog(root)).toMatchObject([{ action: 'reboot', dryRun: true, safe: true }]);
    });

    it('an unsafe machine is not rebooted: exit 80 with the reasons, the note still written', async () => {
      const { root, calls } = machine();
      makeUnsafe(root);
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.BOOT_UNSAFE);
      expect(existsSync(calls)).toBe(false);
      expect(r.stderr).toContain(`saferpm: error: not rebooting: do not reboot: `);
      expect(r.stderr).toContain('initramfs');
      expect(r.stderr).toContain("'saferpm reboot --force' reboots anyway");
      expect(readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8')).toContain('DO NOT REBOOT');
      const [entry] = rebootLog(root);
      expect(entry).toMatchObject({ action: 'refused', safe: false, forced: false });
      expect((entry?.reasons as string[]).join(' ')).toContain('initramfs');
    });

    it('--dry-run of an unsafe machine also says no (exit 80)', async () => {
      const { root, calls } = machine();
      makeUnsafe(root);
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1, '--dry-run']);
      expect(r.exitCode).toBe(EXIT.BOOT_UNSAFE);
      expect(existsSync(calls)).toBe(false);
      expect(rebootLog(root)).toMatchObject([{ action: 'refused', dryRun: true }]);
    });

    it('--force reboots an unsafe machine, says loudly what it ignores and logs it', async () => {
      const { root, calls } = machine();
      makeUnsafe(root);
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1, '--force']);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      expect(readFileSync(calls, 'utf8')).toBe(`${REBOOT_ARGS.join('\n')}\n`);
      const [entry] = rebootLog(root);
      expect(entry).toMatchObject({ action: 'reboot', safe: false, forced: true });
      const reasons = entry?.reasons as string[];
      expect(reasons).toContain('new initramfs missing or empty');
      expect(r.stderr).toContain(`saferpm: warning: --force: IGNORING ${reasons.length} failed required boot checks: ${reasons.join('; ')}\n`);
    });

    it('a patch run in progress (the root lock held by a live process): exit 75, no reboot', async () => {
      const { root, calls } = machine();
      const holder = { pid: process.pid, startTime: processStartTime(process.pid), command: 'saferpm -Uvh kernel.rpm', since: new Date().toISOString() };
      writeFileSync(path.join(root, 'var/lib/saferpm/lock'), JSON.stringify(holder), { mode: 0o600 });
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.TEMPFAIL);
      expect(r.stderr).toContain(`another saferpm run holds the lock ${root}/var/lib/saferpm/lock (pid ${process.pid}, 'saferpm -Uvh kernel.rpm'`);
      expect(existsSync(calls)).toBe(false);
      expect(existsSync(path.join(root, 'var/lib/saferpm/reboots.log'))).toBe(false);
    });

    it('a reboot command that fails: exit 69 naming it, logged as failed', async () => {
      const { root, calls } = machine();
      const file = path.join(path.dirname(calls), 'fake-reboot');
      writePlan(root, [`reboot_command = ${JSON.stringify([file, 'now'])}`]);
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.UNAVAILABLE);
      expect(r.stderr).toContain(`the reboot command '${file} now' failed (exit 97): fake-reboot: unexpected arguments: now; the machine was not rebooted`);
      expect(rebootLog(root)).toMatchObject([{ action: 'reboot' }, { action: 'reboot-failed', exitCode: 97 }]);
    });

    it('an invalid plan: the note says so, and no reboot (its reboot command is unknown)', async () => {
      const { root, calls } = machine();
      writeFileSync(path.join(root, 'etc/saferpm/plan.toml'), '[policy]\nreboot_comand = ["systemctl", "reboot"]\n');
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.CONFIG);
      expect(r.stderr).toContain('not rebooting: the patch plan cannot be read');
      expect(existsSync(calls)).toBe(false);
      expect(readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8')).toContain('THE PATCH PLAN COULD NOT BE READ');
    });

    it('no run recorded at all: a note with the boot facts that says so', async () => {
      const { root } = machine();
      rmSync(path.join(root, 'var/lib/saferpm/runs'), { recursive: true });
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1, '--dry-run']);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      expect(r.stdout).toContain('recovery note (boot facts only: no saferpm run is recorded on this machine):');
      const note = readFileSync(path.join(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8');
      expect(note).toContain('Run:        none: no saferpm run is recorded on this machine');
      expect(note).toContain('No saferpm run to undo');
      expect(note).not.toContain('rpm -e');
      expect(note.replace(/\s+/g, ' ')).toContain(`Select "Fake Linux (${V1})"`);
      const own = readdirSync(path.join(root, 'var/lib/saferpm/notes')).filter((n) => n.startsWith('reboot-'));
      expect(own).toHaveLength(1);
    });

    it.runIf(isRoot)('a full state folder (tmpfs): a clear error naming the note, and no reboot', async () => {
      const { root, calls } = machine();
      const state = path.join(root, 'var/lib/saferpm');
      const saved = tempDir('saferpm-state-');
      execFileSync('cp', ['-a', `${state}/.`, saved]);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', state]);
      onTestFinished(() => {
        execFileSync('umount', [state]);
      });
      execFileSync('cp', ['-a', `${saved}/.`, state]);
      fillLeavingOnePage(state); // the lock takes the last page; the note finds none
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.IOERR);
      expect(r.stderr).toMatch(new RegExp(`saferpm: error: ${state}/notes/\\S+\\.txt: cannot write: no space left on the file system`));
      expect(existsSync(calls)).toBe(false);
      expect(existsSync(path.join(state, 'reboots.log'))).toBe(false);
      expect(existsSync(path.join(state, 'lock'))).toBe(false);
    });

    it.runIf(isRoot)('a read-only state folder: a clear error, and no reboot', async () => {
      const { root, calls } = machine();
      const state = path.join(root, 'var/lib/saferpm');
      rmSync(state, { recursive: true });
      mkdirSync(state, { mode: 0o700 });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k,mode=0700', 'tmpfs', state]);
      onTestFinished(() => {
        execFileSync('umount', [state]);
      });
      const r = await saferpm(['reboot', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.CANTCREAT);
      expect(r.stderr).toContain(`saferpm: error: ${state}/runs: cannot create: read-only file system`);
      expect(existsSync(calls)).toBe(false);
    });
  });

  describe('saferpm preflight', () => {

    it('safe: exit 0, the verdict, the latest run and its note; changes nothing', async () => {
      const { root } = machine();
      const before = treeFingerprint(root);
      const r = await saferpm(['preflight', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      const id = readdirSync(path.join(root, 'var/lib/saferpm/runs'))[0] as string;
      expect(r.stdout).toContain('\nsafe to reboot\n');
      expect(r.stdout).toContain(`latest run:     ${id} (succeeded, exit 0)`);
      expect(r.stdout).toContain(`its note:       ${root}/var/lib/saferpm/notes/${id}.txt\n`);
      expect(treeFingerprint(root)).toEqual(before);
    });

    it('--json: the stable object; unsafe is exit 80 with the reasons', async () => {
      const { root } = machine();
      makeUnsafe(root);
      const r = await saferpm(['preflight', '--root', root, '--running-kernel', V1, '--json']);
      expect(r.exitCode).toBe(EXIT.BOOT_UNSAFE);
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      const id = readdirSync(path.join(root, 'var/lib/saferpm/runs'))[0] as string;
      expect(Object.keys(j)).toEqual(['schema', 'root', 'safe', 'verdict', 'reasons', 'kernels', 'bootLoader', 'checks', 'latestRun', 'note', 'latestNote']);
      expect(j).toMatchObject({
        schema: 'saferpm.preflight/1', root, safe: false, verdict: 'unsafe',
        kernels: { running: V1, runningSource: 'option', new: V2, newSource: 'newest-installed' },
        latestRun: { id, status: 'succeeded', exitCode: 0, damaged: null },
        note: { exists: true, path: `/var/lib/saferpm/notes/${id}.txt`, hostPath: `${root}/var/lib/saferpm/notes/${id}.txt` },
        latestNote: { exists: false, path: '/var/lib/saferpm/RECOVERY.txt' },
      });
      expect((j.reasons as string[]).join(' ')).toContain('initramfs');
      const failed = (j.checks as { level: string; status: string; reason: string | null }[]).filter((c) => c.status === 'fail');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((c) => c.level === 'required' && typeof c.reason === 'string')).toBe(true);
    });
  });

});

/** Fill a tmpfs with 4 KiB files until it is full, then free exactly one page. */
function fillLeavingOnePage(dir: string): void {
  const fill = path.join(dir, 'filler');
  mkdirSync(fill);
  let n = 0;
  for (;;) {
    try {
      writeFileSync(path.join(fill, String(n)), Buffer.alloc(4096));
      n++;
    } catch {
      rmSync(path.join(fill, String(n)), { force: true });
      break;
    }
  }
  rmSync(path.join(fill, String(n - 1)));
}
