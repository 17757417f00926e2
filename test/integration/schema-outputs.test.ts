/**
 * The machine-readable contract (schema/*.schema.json, docs/json-contract.md)
 * against REAL outputs: the built saferpm run with the real rpm on temporary
 * roots, every output validated with ajv (JSON Schema 2020-12, strict mode).
 * Every schema closes its objects (additionalProperties: false), so a field
 * saferpm starts to print without a schema change fails here; the negative
 * checks at the end show that the validation can fail.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { kuname, RELEASES } from '../helpers/fixture-matrix.js';
import { FIXTURES, REPO, SPECS } from '../helpers/paths.js';
import { rpm, saferpm, tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const V1 = kuname('v1');
const V2 = kuname('v2');

/** A package whose %pre fails: rpm --test passes it, the transaction does not (status "failed"). */
const FAILING_PRE_SPEC = `Name: saferpm-failing-pre
Version: 1.0
Release: 1
Summary: A package whose %pre fails, for saferpm's schema tests
License: MIT
BuildArch: noarch

%description
Its %pre fails, so rpm does not install it.

%install
mkdir -p %{buildroot}/usr/share/saferpm-failing-pre
echo 1 > %{buildroot}/usr/share/saferpm-failing-pre/version

%files
/usr/share/saferpm-failing-pre/version

%pre -p <lua>
error("this %pre fails on purpose")
`;

const SCHEMA_DIR = path.join(REPO, 'schema');

/** RFC 3339 date-time, as JSON.stringify(new Date()) writes it (ajv-formats is not a dependency). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface Contract {
  /** ajv's errors as "PATH message (details)" lines; [] when valid. */
  errors(schema: string, data: unknown): string[];
}

/** Every schema/*.schema.json in one ajv (they $ref each other by $id), compiled in strict mode. */
function loadContract(): Contract {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  const names = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).map((f) => f.replace(/\.schema\.json$/, ''));
  const ids = new Map<string, string>();
  for (const name of names) {
    const schema = readJson(path.join(SCHEMA_DIR, `${name}.schema.json`));
    ajv.addSchema(schema);
    ids.set(name, String(schema.$id));
  }
  const compiled = new Map<string, ValidateFunction>();
  for (const [name, id] of ids) compiled.set(name, ajv.getSchema(id) as ValidateFunction);
  return {
    errors(name, data) {
      const validate = compiled.get(name);
      if (!validate) throw new Error(`no schema/${name}.schema.json`);
      if (validate(data)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}

let contract: Contract;
let work: string;
let v1: string[];
let v2: string[];
/** Root with v1 installed by rpm, untouched. */
let freshRoot: string;
/** Root patched from v1 to v2 through saferpm, with its --report. */
let patchedRoot: string;
let patchedReport: Record<string, unknown>;

function newRoot(name: string): string {
  const root = path.join(work, name);
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  mkdirSync(path.join(root, 'boot'), { recursive: true });
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  return root;
}

function copyRoot(from: string, name: string): string {
  const root = path.join(work, name);
  cpSync(from, root, { recursive: true, verbatimSymlinks: true });
  return root;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The one record under ROOT/var/lib/saferpm/runs with this status. */
function recordWithStatus(root: string, status: string): Record<string, unknown> {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  const records = readdirSync(dir).map((id) => readJson(path.join(dir, id, 'record.json')));
  const found = records.filter((r) => r.status === status);
  expect(found.map((r) => r.status)).toEqual([status]);
  return found[0] as Record<string, unknown>;
}

function expectValid(schema: string, data: unknown): void {
  expect(contract.errors(schema, data), `${schema} rejects a real output`).toEqual([]);
}

describe.runIf(needTools('rpm', 'rpmbuild'))('real saferpm outputs against schema/', () => {
  beforeAll(async () => {
    contract = loadContract();
    [v1, v2] = [(await buildRelease('v1')).all, (await buildRelease('v2')).all];
    work = mkdtempSync(path.join(os.tmpdir(), 'saferpm-schema-'));
    freshRoot = newRoot('fresh');
    const r = await rpm(freshRoot, ['-ivh', ...v1]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    patchedRoot = copyRoot(freshRoot, 'patched');
    const report = path.join(work, 'patched.json');
    const p = await saferpm(['-Uvh', '--report', report, '--root', patchedRoot, '--running-kernel', V1, ...v2]);
    expect(p.exitCode, p.stderr).toBe(EXIT.OK);
    patchedReport = readJson(report);
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('saferpm.run/1 (schema/run-report.schema.json)', () => {
    it('the --report of a successful rpm-path run, and the same record in the state folder', () => {
      expect(patchedReport).toMatchObject({ schema: 'saferpm.run/1', tool: 'rpm', status: 'succeeded', exitCode: 0 });
      // The parts that are optional in the schema are really there, so they are really checked.
      for (const key of ['plan', 'boot', 'note', 'audit', 'runningKernel', 'finishedAt']) expect(patchedReport, key).toHaveProperty(key);
      expect(patchedReport.audit).toHaveProperty('snapshotDiff');
      expectValid('run-report', patchedReport);
      expectValid('run-report', readJson(path.join(patchedRoot, 'var/lib/saferpm/runs', String(patchedReport.id), 'record.json')));
    });

    it('a --dry-run report (status planned, the plan only)', async () => {
      const report = path.join(work, 'dry-run.json');
      const r = await saferpm(['-Uvh', '--dry-run', '--report', report, '--root', freshRoot, '--running-kernel', V1, ...v2]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      const data = readJson(report);
      expect(data).toMatchObject({ status: 'planned', packages: [], commands: [] });
      expectValid('run-report', data);
    });

    it('a run whose new kernel has no initramfs: installed, but exit 80 and an unsafe boot verdict', async () => {
      const root = copyRoot(freshRoot, 'no-initramfs');
      const broken = await buildSpec(path.join(SPECS, 'kernel-core.spec'), { kver: RELEASES.v2.kver, krel: RELEASES.v2.krel, noinitramfs: '1' });
      const report = path.join(work, 'no-initramfs.json');
      const files = [...v2.filter((f) => !path.basename(f).startsWith('kernel-core-')), ...broken];
      const r = await saferpm(['-Uvh', '--report', report, '--root', root, '--running-kernel', V1, ...files]);
      expect(r.exitCode).toBe(EXIT.BOOT_UNSAFE);
      const data = readJson(report);
      expect(data).toMatchObject({ exitCode: 80, boot: { safe: false } });
      expectValid('run-report', data);
    });

    it('a failed run: rpm accepted the plan (--test), then a %pre failed (status failed)', async () => {
      const specDir = tempDir('saferpm-schema-spec-');
      const spec = path.join(specDir, 'saferpm-failing-pre.spec');
      writeFileSync(spec, FAILING_PRE_SPEC);
      const [pkg] = await buildSpec(spec);
      const root = copyRoot(freshRoot, 'failed');
      const report = path.join(work, 'failed.json');
      const r = await saferpm(['-Uvh', '--report', report, '--root', root, pkg as string]);
      expect(r.exitCode).not.toBe(EXIT.OK);
      const data = readJson(report);
      expect(data.status).toBe('failed');
      expectValid('run-report', data);
    });

    it('a refused run (--require-standby without standby copies): its record in the state folder', async () => {
      const root = copyRoot(freshRoot, 'refused');
      const report = path.join(work, 'refused.json');
      const r = await saferpm(['-Uvh', '--require-standby', '--report', report, '--root', root, '--running-kernel', V1, ...v2]);
      expect(r.exitCode).toBe(EXIT.REFUSED);
      // saferpm writes no --report for a run refused by a safety step (reported to the lead);
      // the record it keeps is the same object.
      const data = recordWithStatus(root, 'refused');
      expect(data.exitCode).toBe(EXIT.REFUSED);
      expectValid('run-report', data);
    });

    it('a --one-at-a-time run (increments) with standby copies', async () => {
      const root = copyRoot(freshRoot, 'increments');
      mkdirSync(path.join(root, 'srv/standby'), { recursive: true });
      for (const f of v1) copyFileSync(f, path.join(root, 'srv/standby', path.basename(f)));
      mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
      writeFileSync(path.join(root, 'etc/saferpm/plan.toml'), '[policy]\nstandby_dirs = ["/srv/standby"]\n', { mode: 0o644 });
      const report = path.join(work, 'increments.json');
      const r = await saferpm(['-Uvh', '--one-at-a-time', '--report', report, '--root', root, '--running-kernel', V1, ...v2]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      const data = readJson(report);
      expect(data).toHaveProperty('increments');
      expect((data.audit as Record<string, unknown>).standby).toBeDefined();
      expectValid('run-report', data);
    });
  });

  describe.runIf(needTools('dnf', 'createrepo_c', 'modifyrepo_c'))('saferpm.run/1 of the dnf path', () => {
    let repo: string;
    beforeAll(async () => {
      repo = await makeRepo(['v1', 'v2', 'v3'], path.join(FIXTURES, 'dnf/updateinfo-kernel-reboot-openssh-cve.xml')); // its advisories name v3
    }, 300_000);
    afterAll(() => {
      if (repo) rmSync(repo, { recursive: true, force: true });
    });

    it('saferpm dnf upgrade: its --saferpm-dry-run report and its run report (advisories, kernels, boot, note)', async () => {
      const root = copyRoot(freshRoot, 'dnf');
      const dry = path.join(work, 'dnf-dry-run.json');
      const d = await saferpm(['dnf', ...dnfOptions(root, repo), 'upgrade', '-y', '--saferpm-running-kernel', V1, '--saferpm-dry-run', '--saferpm-report', dry]);
      expect(d.exitCode, d.stderr).toBe(EXIT.OK);
      const planned = readJson(dry) as { status: string; plan: { transaction: { items: unknown[] }; advisories: unknown[] } };
      expect(planned.status).toBe('planned');
      expect(planned.plan.transaction.items.length, `${d.stdout}\n${d.stderr}`).toBeGreaterThan(0);
      expect(planned.plan.advisories.length).toBeGreaterThan(0);
      expectValid('run-report', planned);
      const report = path.join(work, 'dnf.json');
      const r = await saferpm(['dnf', ...dnfOptions(root, repo), 'upgrade', '-y', '--saferpm-running-kernel', V1, '--saferpm-report', report]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      const data = readJson(report);
      expect(data).toMatchObject({ tool: 'dnf', status: 'succeeded', boot: { safe: true } });
      expect(data).toHaveProperty('note');
      expectValid('run-report', data);
    });
  });

  describe('saferpm.preflight/1 (schema/preflight.schema.json)', () => {
    it('safe, after the patch', async () => {
      const r = await saferpm(['preflight', '--json', '--root', patchedRoot, '--running-kernel', V1]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      const data = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(data).toMatchObject({ safe: true, kernels: { new: V2, running: V1 } });
      expect(data.latestRun).not.toBeNull();
      expectValid('preflight', data);
    });

    it('unsafe: the new initramfs removed', async () => {
      const root = copyRoot(patchedRoot, 'unsafe');
      unlinkSync(path.join(root, `boot/initramfs-${V2}.img`));
      const r = await saferpm(['preflight', '--json', '--root', root, '--running-kernel', V1]);
      expect(r.exitCode).toBe(EXIT.BOOT_UNSAFE);
      const data = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(data).toMatchObject({ safe: false, verdict: 'unsafe' });
      expectValid('preflight', data);
    });

    it('a machine saferpm never patched: no run, no note, running kernel unknown (nulls)', async () => {
      const r = await saferpm(['preflight', '--json', '--root', freshRoot]);
      const data = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(data).toMatchObject({ latestRun: null, note: { exists: false, path: null }, kernels: { running: null } });
      expectValid('preflight', data);
    });
  });

  describe('saferpm.boot-verdict/1 and saferpm.boot-config/1', () => {
    it('boot check --json, safe and unsafe', async () => {
      const safe = await saferpm(['boot', 'check', '--json', '--root', patchedRoot, '--running-kernel', V1]);
      expect(safe.exitCode, safe.stderr).toBe(EXIT.OK);
      const data = JSON.parse(safe.stdout) as Record<string, unknown>;
      for (const key of ['loader', 'nextBoot', 'newEntry', 'fallback', 'default', 'bootPrefix']) expect(data, key).toHaveProperty(key);
      expectValid('boot-verdict', data);
      const root = copyRoot(patchedRoot, 'unsafe-boot');
      unlinkSync(path.join(root, `boot/vmlinuz-${V2}`));
      const unsafe = await saferpm(['boot', 'check', '--json', '--root', root, '--running-kernel', V1]);
      expect(unsafe.exitCode).toBe(EXIT.BOOT_UNSAFE);
      expectValid('boot-verdict', JSON.parse(unsafe.stdout));
    });

    it('boot info --json', async () => {
      const r = await saferpm(['boot', 'info', '--json', '--root', patchedRoot]);
      expect(r.exitCode, r.stderr).toBe(EXIT.OK);
      const data = JSON.parse(r.stdout) as { entries: unknown[]; nextBoot: { version: string } };
      expect(data.entries).toHaveLength(2);
      expect(data.nextBoot.version).toBe(V2);
      expectValid('boot-config', data);
    });
  });

  describe('saferpm.snapshot/1 and saferpm.snapshot-diff/1', () => {
    it('snapshot take, twice, and snapshot diff --json', async () => {
      const dir = tempDir('saferpm-schema-snap-');
      const [a, b] = [path.join(dir, 'before.json'), path.join(dir, 'after.json')];
      for (const f of [a, b]) {
        const r = await saferpm(['snapshot', 'take', '--out', f, '--root', patchedRoot]);
        expect(r.exitCode, r.stderr).toBe(EXIT.OK);
        const snap = readJson(f);
        expect((snap.processes as unknown[]).length).toBeGreaterThan(0);
        expectValid('snapshot', snap);
      }
      const d = await saferpm(['snapshot', 'diff', a, b, '--json']);
      expect(d.exitCode, d.stderr).toBe(EXIT.OK);
      expectValid('snapshot-diff', JSON.parse(d.stdout));
    });
  });

  describe('the validation can fail', () => {
    it('every schema compiles in strict mode, names its schema string as a const, and has a urn $id', () => {
      for (const f of readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.schema.json'))) {
        const s = readJson(path.join(SCHEMA_DIR, f)) as { $schema: string; $id: string; properties: { schema: { const: string } } };
        expect(s.$schema, f).toBe('https://json-schema.org/draft/2020-12/schema');
        expect(s.$id, f).toBe(`urn:saferpm:schema:${f.replace('.schema.json', '')}:1`);
        expect(s.properties.schema.const, f).toMatch(/^saferpm\.[a-z-]+\/1$/);
      }
      expect(readdirSync(SCHEMA_DIR).sort()).toEqual(['boot-config.schema.json', 'boot-verdict.schema.json', 'preflight.schema.json', 'run-report.schema.json', 'snapshot-diff.schema.json', 'snapshot.schema.json', 'trial-status.schema.json']);
    });

    it('an unknown key, a missing key, a wrong schema string or type: each rejected, with its path', () => {
      const withExtra = { ...patchedReport, newField: 1 };
      expect(contract.errors('run-report', withExtra).join('\n')).toMatch(/must NOT have additional properties.*newField/);
      const withoutId = { ...patchedReport };
      delete withoutId.id;
      expect(contract.errors('run-report', withoutId).join('\n')).toContain("must have required property 'id'");
      expect(contract.errors('run-report', { ...patchedReport, schema: 'saferpm.run/2' }).join('\n')).toContain('/schema must be equal to constant');
      const nested = JSON.parse(JSON.stringify(patchedReport)) as { packages: Record<string, unknown>[] };
      (nested.packages[0] as Record<string, unknown>).installOnly = 'yes';
      expect(contract.errors('run-report', nested).join('\n')).toContain('/packages/0/installOnly must be boolean');
      const boot = JSON.parse(JSON.stringify(patchedReport.boot)) as { checks: Record<string, unknown>[] };
      (boot.checks[0] as Record<string, unknown>).extra = true;
      expect(contract.errors('boot-verdict', boot).join('\n')).toMatch(/\/checks\/0 must NOT have additional properties/);
      expect(existsSync(path.join(patchedRoot, 'var/lib/saferpm/RECOVERY.txt'))).toBe(true);
    });
  });
});
