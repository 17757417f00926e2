/**
 * saferpm dnf --saferpm-changelog with the real dnf 4 on a temporary
 * --installroot: v1 installed by dnf from a createrepo_c repository, the
 * changelogs of v2/v3 read from the repository metadata by dnf repoquery,
 * shown before the transaction, kept in the report (valid against the JSON
 * schema). openssh-server's name lines carry the EVR; dracut's do not (the
 * date rule); the fake kernels have no changelog.
 */
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnf, dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { REPO } from '../helpers/paths.js';
import { installed, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const OPENSSH_NEW = [
  ['2025-03-03', '3.0-1', '- Release 3.0: sshd_config drops the deprecated UsePrivilegeSeparation'],
  ['2025-02-03', '2.0-1', '- Release 2.0: new default sshd_config\n- Fix CVE-2025-0001 (fake)'],
];

const OPENSSH_TEXT = [
  '  openssh-server 1.0-1 -> 3.0-1: 2 new entries',
  '    * 2025-03-03 Saferpm Tests <tests@saferpm.invalid> - 3.0-1',
  '      - Release 3.0: sshd_config drops the deprecated UsePrivilegeSeparation',
  '    * 2025-02-03 Saferpm Tests <tests@saferpm.invalid> - 2.0-1',
  '      - Release 2.0: new default sshd_config',
  '      - Fix CVE-2025-0001 (fake)',
].join('\n');

type Log = { name: string; evr: string; installedEvr: string; repo?: string; packageFile?: string; total: number; entries: { date: string; evr?: string; text: string }[] };

function readJson(file: string): Record<string, any> {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The run report's schema errors (every schema/*.schema.json loaded, as schema-outputs.test.ts does). */
function schemaErrors(data: unknown): string[] {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  for (const f of readdirSync(path.join(REPO, 'schema')).filter((n) => n.endsWith('.schema.json'))) ajv.addSchema(readJson(path.join(REPO, 'schema', f)));
  const validate = ajv.getSchema('urn:saferpm:schema:run-report:1');
  if (!validate) throw new Error('no run-report schema');
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const logOf = (logs: Log[], name: string): Log | undefined => logs.find((l) => l.name === name);

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf --saferpm-changelog', () => {
  let v1Repo: string;
  let allRepo: string;
  let bareRepo: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2', 'v3'])]);
    bareRepo = path.join(os.tmpdir(), `saferpm-repo-bare-${process.pid}`);
    cpSync(allRepo, bareRepo, { recursive: true });
    rmSync(path.join(bareRepo, 'repodata'), { recursive: true });
    await execa('createrepo_c', ['-q', '--changelog-limit', '0', bareRepo]); // a repository made without changelogs
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo, bareRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function v1Root(): Promise<string> {
    const root = tempRoot();
    const r = await dnf([...dnfOptions(root, v1Repo), '-y', '-q', 'install', 'kernel', 'openssh-server', 'dracut']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    return root;
  }

  it('upgrade -y: the entries newer than the installed versions before dnf runs, and in the report', async () => {
    const root = await v1Root();
    const report = path.join(tempDir(), 'report.json');
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-changelog', '--saferpm-running-kernel', kuname('v1'), '--saferpm-report', report]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await installed(root)).toContain('openssh-server-3.0-1.noarch');
    const shown = r.stdout.indexOf('Changelogs (entries newer than the installed version):');
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(shown, 'before dnf\'s own output').toBeLessThan(r.stdout.indexOf('Dependencies resolved.'));
    expect(r.stdout).toContain(OPENSSH_TEXT);
    expect(r.stdout).not.toContain('- First release');
    expect(r.stdout).toContain('  dracut 1.0-1 -> 3.0-1: 2 new entries');
    expect(r.stdout).not.toContain('- dracut 1.0');
    expect(r.stdout).toContain('  kernel-core 6.1.10-1 -> 6.1.15-1: no changelog in the metadata of repository updates');

    const data = readJson(report);
    expect(schemaErrors(data)).toEqual([]);
    const logs = data.audit.changelogs as Log[];
    expect(logOf(logs, 'openssh-server')).toMatchObject({ evr: '3.0-1', installedEvr: '1.0-1', repo: 'updates', total: 3 });
    expect(logOf(logs, 'openssh-server')?.entries.map((e) => [e.date, e.evr, e.text])).toEqual(OPENSSH_NEW);
    expect(logOf(logs, 'openssh-server')?.packageFile).toBeUndefined();
    expect(logOf(logs, 'dracut')?.entries.map((e) => e.text)).toEqual(['- dracut 3.0', '- dracut 2.0']); // by date: no EVR in dracut's name lines
    expect(logOf(logs, 'kernel-core')).toMatchObject({ total: 0, entries: [] });
    const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
    expect(readJson(path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json')).audit.changelogs).toEqual(logs);
  });

  it('--saferpm-dry-run shows them after the plan and changes nothing; without the option there is no changelog', async () => {
    const root = await v1Root();
    const before = await installed(root);
    const report = path.join(tempDir(), 'dry.json');
    const dry = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-dry-run', '--saferpm-changelog', '--saferpm-report', report]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout.indexOf('Plan (dry run: nothing is changed)')).toBeLessThan(dry.stdout.indexOf('Changelogs (entries newer'));
    expect(dry.stdout).toContain(OPENSSH_TEXT);
    const data = readJson(report);
    expect(data.status).toBe('planned');
    expect(schemaErrors(data)).toEqual([]);
    expect(logOf(data.audit.changelogs, 'openssh-server')?.entries.map((e) => [e.date, e.evr, e.text])).toEqual(OPENSSH_NEW);
    expect(await installed(root)).toEqual(before);

    const plain = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-dry-run', '--saferpm-report', report]);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('Changelog');
    expect(readJson(report).audit).toBeUndefined();
  });

  it.each(['Pacific/Kiritimati', 'Etc/GMT+12'])('dracut\'s entries (no version in the name lines) are chosen by local date the same way in TZ=%s', async (tz) => {
    // dnf prints the local date of an entry; the installed package's newest entry is compared by its local date too
    const root = await v1Root();
    const report = path.join(tempDir(), 'tz.json');
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-dry-run', '--saferpm-changelog', '--saferpm-report', report], { env: { TZ: tz } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(logOf(readJson(report).audit.changelogs, 'dracut')?.entries.map((e) => e.text)).toEqual(['- dracut 3.0', '- dracut 2.0']);
  });

  it('a repository made without changelogs (createrepo_c --changelog-limit 0): says so per package', async () => {
    const root = await v1Root();
    const r = await saferpm(['dnf', ...dnfOptions(root, bareRepo), 'upgrade', '-y', '--saferpm-dry-run', '--saferpm-changelog']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('  openssh-server 1.0-1 -> 3.0-1: no changelog in the metadata of repository updates');
    expect(r.stdout).toContain('  dracut 1.0-1 -> 3.0-1: no changelog in the metadata of repository updates');
    expect(r.stdout).toContain('the repository was made without them, e.g. createrepo_c --changelog-limit 0');
  });

  it('-C with no other.xml in dnf\'s cache: a warning with dnf\'s words, and the plan still stands', async () => {
    const root = await v1Root();
    const fill = await saferpm(['dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-dry-run']); // caches primary and filelists only
    expect(fill.exitCode, fill.stderr).toBe(0);
    const report = path.join(tempDir(), 'cached.json');
    const r = await saferpm(['dnf', ...dnfOptions(root, allRepo), '-C', 'upgrade', '-y', '--saferpm-dry-run', '--saferpm-changelog', '--saferpm-report', report]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('upgrade   openssh-server-3.0-1.noarch');
    const warning = /warning: no changelog for [^\n]*openssh-server-3\.0-1\.noarch[^\n]*: dnf repoquery did not find them in the enabled repositories \(dnf said: Error: Cache-only enabled but no cache for 'updates'/;
    expect(r.stderr).toMatch(warning);
    expect(readJson(report).warnings.join('\n')).toContain('dnf repoquery did not find them');
  });
});
