/**
 * contrib/ansible/patch.yml with the real ansible-playbook against fleets of
 * hosts that all use the local connection, each with its own temporary root
 * holding v1 (installed by the real rpm). The one thing that is not real is
 * the reboot: each host's reboot command is a recorder (test/helpers/recorder.ts)
 * that appends the host's name to one shared file, so the file says who was
 * rebooted and in which order, and fails when the recovery note is not on the
 * control node yet. Runs are in rehearsal mode (the root is not '/'): nobody
 * waits for a host to come back, and the kernel check reads the root's boot
 * loader. The JSON stdout callback gives each task's result per host.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { kuname, RELEASES } from '../helpers/fixture-matrix.js';
import { DIST_CLI, REPO, SPECS } from '../helpers/paths.js';
import { recordedCalls, writeRecorder } from '../helpers/recorder.js';
import { installed, rpm, tempDir } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';
import { blsStyle } from '../helpers/trial-root.js';

const PLAYBOOK = path.join(REPO, 'contrib/ansible/patch.yml');
const V1 = kuname('v1');
const V2 = kuname('v2');
const RUN_TIMEOUT = 420_000;


interface HostSpec {
  name: string;
  /** Package files on the host (saferpm_packages). */
  packages?: string[];
  /** Package files copied from the control node (saferpm_packages_copy). */
  copy?: string[];
  vars?: Record<string, unknown>;
  /** Change the host's root before the run. */
  prepare?: (root: string) => void;
}

interface Fleet {
  dir: string;
  notes: string;
  calls: string;
  inventory: string;
  hook: string;
  roots: Record<string, string>;
}

/** One task result on one host, as the recording callback wrote it. */
interface TaskRecord {
  /** 0-based: the callback starts a play per batch. */
  batch: number;
  task: string;
  host: string;
  status: 'ok' | 'failed' | 'ignored' | 'skipped' | 'unreachable';
  changed: boolean;
  msg?: unknown;
  facts?: Record<string, unknown> | null;
}

interface HostStats { ok: number; changed: number; failures: number; unreachable: number; skipped: number }

interface PlaybookRun {
  exitCode: number;
  tasks: TaskRecord[];
  stats: Record<string, HostStats>;
  /** For assertion messages: what ansible said. */
  said: string;
}

/**
 * ansible-core has no machine-readable stdout callback of its own (the json one
 * is in the ansible.posix collection): this small callback writes one JSON line
 * per task result and per host's totals, beside the default text output.
 */
const RECORDING_CALLBACK = `import json, os
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'fleet_record'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._batch = -1

    def _write(self, **kw):
        with open(os.environ['FLEET_RECORD'], 'a') as f:
            f.write(json.dumps(kw, default=str) + '\\n')

    def v2_playbook_on_play_start(self, play):
        self._batch += 1

    def _result(self, status, result):
        r = result._result
        self._write(batch=self._batch, task=result._task.get_name(), host=result._host.get_name(),
                    status=status, changed=bool(r.get('changed')), msg=r.get('msg'), facts=r.get('ansible_facts'))

    def v2_runner_on_ok(self, result):
        self._result('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result('ignored' if ignore_errors else 'failed', result)

    def v2_runner_on_skipped(self, result):
        self._result('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._result('unreachable', result)

    def v2_playbook_on_stats(self, stats):
        for h in sorted(stats.processed):
            self._write(stats=h, **stats.summarize(h))
`;

let template: string;
let v1Installed: string[];
let v2Files: string[];

/** A root with v1 installed by plain rpm, copied for each host (cp -a is faster than installing each time). */
async function makeTemplate(): Promise<string> {
  const v1 = (await buildRelease('v1')).all;
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-fleet-template-'));
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  mkdirSync(path.join(root, 'boot'), { recursive: true });
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  const r = await rpm(root, ['-ivh', ...v1]);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return root;
}

/** The hook the role runs before the reboot (saferpm_pre_reboot_tasks), driven by host variables. */
const HOOK = `---
- name: Test hook - remove the new kernel's initramfs, so the host is unsafe to reboot
  ansible.builtin.file:
    path: "{{ saferpm_root }}/boot/initramfs-{{ test_remove_initramfs }}.img"
    state: absent
  when: test_remove_initramfs is defined

- name: Test hook - stop the test's listener, so a port of before is closed
  ansible.builtin.command:
    argv: [kill, "{{ test_listener_pid }}"]
  changed_when: true
  when: test_listener_pid is defined
`;

/**
 * Hosts with their own roots and recorders. rebootVia 'plan-file' gives each
 * host a plan file naming its recorder (saferpm_plan_file); 'role-variable'
 * sets saferpm_reboot_command, which the role writes into a plan it creates.
 */
function makeFleet(hosts: HostSpec[], o: { rebootVia: 'plan-file' | 'role-variable'; rollout?: string }): Fleet {
  const dir = tempDir('saferpm-fleet-');
  const notes = path.join(dir, 'notes');
  const calls = path.join(dir, 'reboot-calls');
  const hook = path.join(dir, 'pre-reboot.yml');
  writeFileSync(hook, HOOK);
  mkdirSync(path.join(dir, 'plans'));
  const roots: Record<string, string> = {};
  const inventoryHosts: Record<string, Record<string, unknown>> = {};
  for (const h of hosts) {
    const root = path.join(dir, 'roots', h.name);
    mkdirSync(root, { recursive: true });
    execFileSync('cp', ['-a', `${template}/.`, root]);
    h.prepare?.(root);
    roots[h.name] = root;
    const requireFiles = [path.join(root, 'var/lib/saferpm/RECOVERY.txt')];
    if (o.rollout) requireFiles.push(path.join(notes, o.rollout, h.name, 'RECOVERY.txt'));
    const recorder = writeRecorder({ dir, label: h.name, calls, expectArgs: [], requireFiles });
    const vars: Record<string, unknown> = {
      ansible_connection: 'local',
      ansible_python_interpreter: '{{ ansible_playbook_python }}',
      saferpm_root: root,
      saferpm_running_kernel: V1,
    };
    if (o.rebootVia === 'plan-file') {
      const plan = path.join(dir, 'plans', `${h.name}.toml`);
      writeFileSync(plan, `[policy]\nreboot_command = ${JSON.stringify([recorder])}\n`);
      vars.saferpm_plan_file = plan;
    } else {
      vars.saferpm_reboot_command = [recorder];
    }
    if (h.packages) vars.saferpm_packages = h.packages;
    if (h.copy) vars.saferpm_packages_copy = h.copy;
    inventoryHosts[h.name] = { ...vars, ...h.vars };
  }
  const inventory = path.join(dir, 'inventory.yml');
  // JSON is YAML: the inventory keeps the host order, which is the batch order.
  writeFileSync(inventory, JSON.stringify({ all: { children: { saferpm_fleet: { hosts: inventoryHosts } } } }, null, 1));
  return { dir, notes, calls, inventory, hook, roots };
}

async function runPlaybook(f: Fleet, extraVars: Record<string, unknown>, args: string[] = []): Promise<PlaybookRun> {
  const varsFile = path.join(f.dir, 'vars.json');
  writeFileSync(varsFile, JSON.stringify({
    saferpm_command: ['node', DIST_CLI],
    saferpm_environment: { HOME: ensureRpmHome() },
    saferpm_notes_dir: f.notes,
    saferpm_become: false,
    saferpm_pre_reboot_tasks: f.hook,
    ...extraVars,
  }));
  const plugins = path.join(f.dir, 'callback_plugins');
  mkdirSync(plugins, { recursive: true });
  writeFileSync(path.join(plugins, 'fleet_record.py'), RECORDING_CALLBACK);
  const record = path.join(f.dir, 'ansible-results.jsonl');
  const r = await execa('ansible-playbook', ['-i', f.inventory, PLAYBOOK, '-e', `@${varsFile}`, ...args], {
    reject: false,
    cwd: f.dir,
    timeout: RUN_TIMEOUT,
    env: {
      FLEET_RECORD: record,
      ANSIBLE_CALLBACK_PLUGINS: plugins,
      ANSIBLE_CALLBACKS_ENABLED: 'fleet_record',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_LOCAL_TEMP: path.join(f.dir, '.ansible-local'),
      ANSIBLE_REMOTE_TEMP: path.join(f.dir, '.ansible-remote'),
      ANSIBLE_CONFIG: path.join(f.dir, 'no-ansible.cfg'),
    },
  });
  const said = `exit ${r.exitCode}\n${String(r.stderr).slice(-2000)}\n${String(r.stdout).slice(-6000)}`;
  const lines = existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  const stats: Record<string, HostStats> = {};
  for (const l of lines) if (typeof l.stats === 'string') stats[l.stats] = l as unknown as HostStats;
  return { exitCode: r.exitCode ?? -1, tasks: lines.filter((l) => typeof l.task === 'string') as unknown as TaskRecord[], stats, said };
}

/** Each host's (last) result of the role's task named `name`. */
function results(run: PlaybookRun, name: string): Record<string, TaskRecord> {
  const out: Record<string, TaskRecord> = {};
  for (const t of run.tasks) if (t.task === `saferpm_patch : ${name}`) out[t.host] = t;
  return out;
}

/** The task that failed on a host: its name and message. */
function failure(run: PlaybookRun, host: string): { task: string; msg: string } | undefined {
  const t = run.tasks.find((r) => r.host === host && r.status === 'failed');
  return t ? { task: t.task, msg: String(t.msg ?? '') } : undefined;
}

/** The hosts of each batch, in order (sorted within a batch: its hosts run in parallel). */
function batches(run: PlaybookRun): string[][] {
  const out: string[][] = [];
  for (const t of run.tasks) {
    const b = (out[t.batch] ??= []);
    if (!b.includes(t.host)) b.push(t.host);
  }
  return out.map((b) => b.sort());
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function runIds(root: string): string[] {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** A process listening on a loopback port, for the service check (stopped by a host's hook, or at the end). */
async function startListener(): Promise<{ port: number; pid: number }> {
  const child: ChildProcess = spawn(process.execPath, ['-e',
    "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port)); setInterval(() => {}, 1e6);"],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => { child.kill('SIGKILL'); });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', () => reject(new Error('the listener exited')));
  });
  return { port, pid: child.pid as number };
}

describe.runIf(needTools('rpm', 'rpmbuild', 'ansible-playbook') && needRoot('the fleet tests install into temporary roots with rpm --root (chroot(2)) and give files to root'))('contrib/ansible/patch.yml on a fleet of temporary roots', () => {
  beforeAll(async () => {
    template = await makeTemplate();
    v1Installed = await installed(template);
    v2Files = (await buildRelease('v2')).all;
  }, 300_000);
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });

  it('a healthy fleet, one host at a time: each patched, its note home, then rebooted, in inventory order', async () => {
    const { port } = await startListener();
    const rollout = 'rollout-healthy';
    const names = ['web1', 'web2', 'web3'];
    const f = makeFleet(names.map((name) => ({ name, copy: v2Files })), { rebootVia: 'plan-file', rollout });
    const run = await runPlaybook(f, { saferpm_reboot: true, saferpm_serial: 1, saferpm_rollout_id: rollout, saferpm_check_ports_only: [port] });
    expect(run.exitCode, run.said).toBe(0);
    expect(batches(run)).toEqual([['web1'], ['web2'], ['web3']]);
    // One reboot per host, in batch order, each after the host's note was on the control node
    // (the recorder refuses, MISSING:<host>, when it is not).
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(names);
    const facts = results(run, 'Set the host fact saferpm_patch');
    const reports: Record<string, Record<string, unknown>> = {};
    for (const h of names) {
      const root = f.roots[h] as string;
      expect(run.stats[h], h).toMatchObject({ failures: 0, unreachable: 0 });
      const kernels = (await installed(root)).filter((p) => p.startsWith('kernel-core-'));
      expect(kernels).toEqual([`kernel-core-${V1}`, `kernel-core-${V2}`]);
      const home = path.join(f.notes, rollout, h);
      const note = readFileSync(path.join(home, 'RECOVERY.txt'), 'utf8');
      const report = readJson(path.join(home, 'report.json'));
      reports[h] = report;
      expect(report).toMatchObject({ schema: 'saferpm.run/1', status: 'succeeded', exitCode: 0, root });
      expect(runIds(root)).toEqual([report.id]);
      expect(note).toContain(`Run:        ${String(report.id)} (succeeded)`);
      expect(note).toContain(`Known-good:   ${V1}`);
      expect(note).toContain(`New:          ${V2}`);
      expect(note).toContain('safe to reboot');
      // The host fact: changed, and the kernel the post-reboot check expects.
      const fact = facts[h]?.facts?.saferpm_patch as Record<string, unknown>;
      expect(facts[h]?.changed).toBe(true);
      expect(fact).toMatchObject({ rollout, run_id: report.id, status: 'succeeded', exit_code: 0, changed: true, new_kernels: [V2], expected_kernel: V2, boot_safe: true });
      expect((fact.changed_packages as { name: string }[]).map((p) => p.name).sort()).toEqual(['dracut', 'kernel', 'kernel-core', 'kernel-modules', 'openssh-server']);
      // After the reboot: the boot loader boots V2 next, and our port is still open.
      expect(results(run, 'Rehearsal - the next boot must be the new kernel (no machine was rebooted, so uname -r is not checked)')[h]?.msg).toBe(`${h}: ${root} boots ${V2} next`);
      const diff = readJson(path.join(home, 'snapshot-diff.json'));
      expect(diff.schema).toBe('saferpm.snapshot-diff/1');
      // The reboot went through saferpm reboot: logged in the root's reboots.log.
      const log = readFileSync(path.join(root, 'var/lib/saferpm/reboots.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(log).toMatchObject([{ action: 'reboot', safe: true, dryRun: false, runId: report.id, kernel: V2, runningKernel: V1 }]);
    }
    // Batches one after the other: a host is patched only after the one before it was rebooted.
    for (let i = 1; i < names.length; i++) {
      const prev = reports[names[i - 1] as string] as { finishedAt: string };
      const next = reports[names[i] as string] as { startedAt: string };
      expect(Date.parse(next.startedAt)).toBeGreaterThan(Date.parse(prev.finishedAt));
    }
  }, RUN_TIMEOUT);

  it('canary mode: the first host is rebooted with saferpm reboot --trial (armed, the known-good kernel still the default), the next one as usual', async () => {
    const names = ['canary1', 'web9'];
    // a grubenv (real grub-editenv) on a plain partition: what the trial gate asks for; and the
    // grub.cfg RHEL's grub2-mkconfig writes with BLS, without which GRUB stops at its prompt
    const gateReady = (root: string): void => {
      mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
      writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), blsStyle());
      execFileSync('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'create']);
      writeFileSync(path.join(root, 'etc/fstab'), '/dev/vda2 / xfs defaults 0 0\n');
    };
    const f = makeFleet(names.map((name) => ({ name, copy: v2Files, prepare: gateReady })), { rebootVia: 'plan-file' });
    const run = await runPlaybook(f, { saferpm_reboot: true, saferpm_serial: 1, saferpm_canary: true, saferpm_check_services: false, saferpm_check_ports: false });
    expect(run.exitCode, run.said).toBe(0);
    expect(batches(run)).toEqual([['canary1'], ['web9']]);
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(names);
    const canary = f.roots.canary1 as string;
    const trial = readJson(path.join(canary, 'var/lib/saferpm/trial/current.json'));
    expect(trial).toMatchObject({ status: 'armed', kernel: V2, knownGood: V1 });
    expect(results(run, 'Rehearsal - the trial must be armed (nothing booted it)').canary1?.status).toBe('ok');
    const log = (root: string): Record<string, unknown>[] => readFileSync(path.join(root, 'var/lib/saferpm/reboots.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log(canary)).toMatchObject([{ action: 'reboot', trial: trial.id }]);
    expect(log(f.roots.web9 as string)[0]?.trial).toBeUndefined();
    expect(existsSync(path.join(f.roots.web9 as string, 'var/lib/saferpm/trial/current.json'))).toBe(false);
  }, RUN_TIMEOUT);

  it('an unsafe host in the first batch of two: it fails, is not rebooted, and the next batch is not patched at all', async () => {
    const names = ['db1', 'db2', 'db3', 'db4'];
    const f = makeFleet(names.map((name) => ({
      name,
      packages: v2Files,
      vars: name === 'db2' ? { test_remove_initramfs: V2 } : {},
    })), { rebootVia: 'role-variable' });
    const run = await runPlaybook(f, { saferpm_reboot: true, saferpm_serial: 2 });
    expect(run.exitCode, run.said).not.toBe(0);
    expect(batches(run)).toEqual([['db1', 'db2']]);
    // db1 shares the batch: it was rebooted in the same task in which db2 was refused.
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(['db1']);
    expect(failure(run, 'db1')).toBeUndefined();
    const refused = failure(run, 'db2');
    expect(refused?.task).toContain('Stop here - saferpm did not reboot this host');
    expect(refused?.msg).toContain('db2 was not rebooted: ');
    expect(refused?.msg).toContain('do not reboot');
    expect(refused?.msg).toContain('initramfs');
    // The unsafe host got the patch (both kernels) and its note, which now says why not to reboot.
    const db2 = f.roots.db2 as string;
    expect((await installed(db2)).filter((p) => p.startsWith('kernel-core-')).length).toBe(2);
    const [rollout, ...more] = readdirSync(f.notes);
    expect(more).toEqual([]);
    expect(rollout).toMatch(/^\d{8}T\d{6}Z$/); // generated once for the play
    expect(readdirSync(path.join(f.notes, rollout as string)).sort()).toEqual(['db1', 'db2']);
    expect(readFileSync(path.join(f.notes, rollout as string, 'db2', 'RECOVERY.txt'), 'utf8')).toContain('DO NOT REBOOT');
    const log = readFileSync(path.join(db2, 'var/lib/saferpm/reboots.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toMatchObject([{ action: 'refused', safe: false }]);
    // The plan the role wrote holds the recorder as the reboot command (role variable).
    expect(readFileSync(path.join(db2, 'etc/saferpm/plan.toml'), 'utf8')).toMatch(/^reboot_command = \["[^"]*recorder-db2"\]$/m);
    // max_fail_percentage 0: the second batch was never touched.
    for (const h of ['db3', 'db4']) {
      const root = f.roots[h] as string;
      expect(await installed(root), h).toEqual(v1Installed);
      expect(runIds(root), h).toEqual([]);
      expect(existsSync(path.join(root, 'etc/saferpm/plan.toml')), h).toBe(false);
      expect(run.stats[h], h).toBeUndefined();
    }
  }, RUN_TIMEOUT);

  it('three ways to fail in one batch (max_fail_percentage 100): unsafe before, unsafe by the patch, a port gone after the reboot', async () => {
    const { port, pid } = await startListener();
    const noInitramfs = await buildSpec(path.join(SPECS, 'kernel-core.spec'), { kver: RELEASES.v2.kver, krel: RELEASES.v2.krel, noinitramfs: '1' });
    const brokenV2 = [...v2Files.filter((p) => !path.basename(p).startsWith('kernel-core-')), ...noInitramfs];
    const f = makeFleet([
      { name: 'old', packages: v2Files, prepare: (root) => unlinkSync(path.join(root, `boot/initramfs-${V1}.img`)) },
      { name: 'bad', packages: brokenV2 },
      { name: 'port', packages: v2Files, vars: { test_listener_pid: pid, saferpm_check_ports_only: [port] } },
    ], { rebootVia: 'plan-file', rollout: 'r3' });
    const run = await runPlaybook(f, { saferpm_reboot: true, saferpm_serial: 3, saferpm_max_fail_percentage: 100, saferpm_rollout_id: 'r3' });
    expect(run.exitCode, run.said).not.toBe(0);
    // 1. Unsafe before patching: the preflight gate stops it; nothing changed, nothing to fetch.
    const old = failure(run, 'old');
    expect(old?.task).toContain('Refuse to patch a host that is already unsafe to reboot');
    expect(old?.msg).toContain('initramfs');
    expect(await installed(f.roots.old as string)).toEqual(v1Installed);
    expect(runIds(f.roots.old as string)).toEqual([]);
    expect(existsSync(path.join(f.notes, 'r3', 'old'))).toBe(false);
    // 2. The new kernel has no initramfs: saferpm exits 80 after the patch; the note is home, no reboot.
    const bad = failure(run, 'bad');
    expect(bad?.task).toContain('Stop here when the patch failed or the machine must not be rebooted');
    expect(bad?.msg).toMatch(/^do not reboot bad: the patch is installed but the boot check failed: .*initramfs/);
    expect(readJson(path.join(f.notes, 'r3', 'bad', 'report.json'))).toMatchObject({ exitCode: 80, status: 'succeeded' });
    expect(readFileSync(path.join(f.notes, 'r3', 'bad', 'RECOVERY.txt'), 'utf8')).toContain('DO NOT REBOOT');
    expect((await installed(f.roots.bad as string)).filter((p) => p.startsWith('kernel-core-')).length).toBe(2);
    // 3. Rebooted, but the port that listened before is closed after: the host fails its check.
    const gone = failure(run, 'port');
    expect(gone?.task).toContain('The services and ports of before must be back');
    expect(gone?.msg).toContain(`ports closed since before the patch: tcp 127.0.0.1:${port}`);
    const diff = readJson(path.join(f.notes, 'r3', 'port', 'snapshot-diff.json')) as { ports: { closed: { port: number }[] } };
    expect(diff.ports.closed.map((p) => p.port)).toContain(port);
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(['port']);
  }, RUN_TIMEOUT);

  it.runIf(needTools('dnf', 'createrepo_c'))('the dnf method: saferpm dnf upgrade from a repository, rebooted; the same rollout again changes nothing', async () => {
    const repo = await makeRepo(['v1', 'v2']);
    onTestFinished(() => rmSync(repo, { recursive: true, force: true }));
    const rollout = 'rollout-dnf';
    const f = makeFleet([{ name: 'app1', vars: {
      saferpm_method: 'dnf',
      saferpm_dnf_args: dnfOptions('/unused', repo).filter((o) => !o.startsWith('--installroot=')),
    } }], { rebootVia: 'plan-file', rollout });
    const root = f.roots.app1 as string;
    const first = await runPlaybook(f, { saferpm_reboot: true, saferpm_rollout_id: rollout });
    expect(first.exitCode, first.said).toBe(0);
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core-'))).toEqual([`kernel-core-${V1}`, `kernel-core-${V2}`]);
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(['app1']);
    const report = readJson(path.join(f.notes, rollout, 'app1', 'report.json'));
    expect(report).toMatchObject({ tool: 'dnf', status: 'succeeded', exitCode: 0, root });
    expect(readFileSync(path.join(f.notes, rollout, 'app1', 'RECOVERY.txt'), 'utf8')).toContain(`New:          ${V2}`);
    expect(results(first, 'Set the host fact saferpm_patch').app1?.facts?.saferpm_patch).toMatchObject({ changed: true, new_kernels: [V2], expected_kernel: V2 });
    // Again, without reboot: dnf has nothing to do, so nothing runs and nothing changes.
    const again = await runPlaybook(f, { saferpm_reboot: false, saferpm_rollout_id: rollout });
    expect(again.exitCode, again.said).toBe(0);
    expect(again.stats.app1).toMatchObject({ changed: 0, failures: 0 });
    expect(results(again, 'Patch, read the report and bring the notes home').app1?.status).toBe('skipped');
    expect(results(again, 'Say what happened on this host').app1?.msg).toBe(`app1: nothing to do; not rebooted; notes in ${path.join(f.notes, rollout, 'app1')}`);
    expect(runIds(root)).toEqual([report.id]);
    expect(recordedCalls(f.calls).map((c) => c.label)).toEqual(['app1']);
  }, RUN_TIMEOUT);

  it('--check runs saferpm\'s dry run only: the plan is shown as a change, nothing is installed, written or rebooted', async () => {
    const f = makeFleet([{ name: 'canary', packages: v2Files }], { rebootVia: 'plan-file' });
    const root = f.roots.canary as string;
    const run = await runPlaybook(f, { saferpm_reboot: true }, ['--check']);
    expect(run.exitCode, run.said).toBe(0);
    const shown = results(run, 'Check mode - show the plan and stop (nothing was changed)')['canary'];
    expect(shown?.changed).toBe(true);
    for (const file of v2Files) expect(shown?.msg).toContain(path.basename(file));
    expect(run.stats.canary).toMatchObject({ failures: 0 });
    expect(await installed(root)).toEqual(v1Installed);
    expect(existsSync(path.join(root, 'var/lib/saferpm'))).toBe(false); // not even a state folder
    expect(existsSync(path.join(root, 'etc/saferpm/plan.toml'))).toBe(false);
    expect(existsSync(f.notes)).toBe(false);
    expect(recordedCalls(f.calls)).toEqual([]);
  }, RUN_TIMEOUT);
});
