/**
 * The syslog line of every run, with a recorder named logger first on PATH
 * that keeps its arguments and fails on anything it did not expect; and a run
 * whose logger is missing or fails still succeeds, with a warning.
 */
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI, SPECS } from '../helpers/paths.js';
import { rpm, saferpm, tempDir, tempRoot, testEnv } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { writeScript } from '../unit/ship/ship-support.js';

/** A logger that appends "PRIORITY<TAB>MESSAGE" to `out` and exits 2 on any other argument vector. */
function loggerRecorder(dir: string, out: string): void {
  writeScript(dir, 'logger', [
    'case "$1 $2 $3 $4 $5" in',
    '  "-p authpriv.notice -t saferpm --" | "-p authpriv.warning -t saferpm --") ;;',
    '  *) echo "logger recorder: unexpected arguments: $*" >&2; exit 2 ;;',
    'esac',
    '[ $# -eq 6 ] || { echo "logger recorder: $# arguments, expected 6" >&2; exit 2; }',
    `printf '%s\\t%s\\n' "$2" "$6" >> '${out}'`,
  ].join('\n'));
}

function recordOf(root: string): { id: string; warnings: string[]; exitCode: number } {
  const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  expect(runs).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json'), 'utf8'));
}

describe.runIf(needTools('rpm', 'rpmbuild'))('one syslog line per run', () => {
  let v1: string[];
  let v2: string[];
  beforeAll(async () => {
    v1 = (await buildRelease('v1')).all;
    v2 = (await buildRelease('v2')).all;
  });

  async function rootWithV1(): Promise<string> {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...v1])).exitCode).toBe(0);
    return root;
  }

  it('a kernel update logs the run id, what changed, the new kernel and the verdict at authpriv.notice', async () => {
    const bin = tempDir('saferpm-logger-');
    const out = path.join(bin, 'lines');
    loggerRecorder(bin, out);
    const root = await rootWithV1();
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('log:');
    const { id } = recordOf(root);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const [priority, line] = (lines[0] as string).split('\t');
    expect(priority).toBe('authpriv.notice');
    expect(line).toMatch(new RegExp(`^run=${id} tool=rpm status=succeeded exit=0 user=\\S+ root=${root} changed=5 installed-beside=3 upgraded=2 kernels_added=6\\.1\\.12-1 kernels_removed=- boot=safe-to-reboot note=/var/lib/saferpm/notes/${id}\\.txt$`));
  });

  it('a run whose scriptlet failed (exit 81) is logged at authpriv.warning', async () => {
    const bin = tempDir('saferpm-logger-');
    const out = path.join(bin, 'lines');
    loggerRecorder(bin, out);
    const [pkg] = await buildSpec(path.join(SPECS, 'failing-scriptlet.spec'));
    const root = tempRoot();
    const r = await saferpm(['-ivh', '--root', root, pkg as string], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.exitCode).toBe(81);
    const [priority, line] = readFileSync(out, 'utf8').trim().split('\t');
    expect(priority).toBe('authpriv.warning');
    expect(line).toMatch(/ status=succeeded exit=81 .* changed=1 installed=1 kernels_added=- kernels_removed=- boot=not-checked$/);
  });

  it('a run a safety step refused (no standby copy with --require-standby) is logged at authpriv.warning', async () => {
    const bin = tempDir('saferpm-logger-');
    const out = path.join(bin, 'lines');
    loggerRecorder(bin, out);
    const root = await rootWithV1();
    const r = await saferpm(['-Uvh', '--root', root, '--require-standby', ...v2], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.exitCode).toBe(79);
    const { id } = recordOf(root);
    const [priority, line] = readFileSync(out, 'utf8').trim().split('\t');
    expect(priority).toBe('authpriv.warning');
    expect(line).toMatch(new RegExp(`^run=${id} tool=rpm status=refused exit=79 .* changed=0 kernels_added=- kernels_removed=- boot=not-checked$`));
  });

  it('a failing logger is a warning in the output and the record; the run keeps its exit code', async () => {
    const bin = tempDir('saferpm-logger-');
    writeScript(bin, 'logger', 'echo "logger: socket /dev/log: Connection refused" >&2; exit 1');
    const root = await rootWithV1();
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.exitCode, r.stderr).toBe(0);
    const { id, warnings, exitCode } = recordOf(root);
    const warning = `log: no syslog line for run ${id}: logger exited 1: logger: socket /dev/log: Connection refused`;
    expect(r.stderr).toContain(`saferpm: warning: ${warning}`);
    expect(warnings).toContain(warning);
    expect(exitCode).toBe(0);
  });

  it('a missing logger is a warning too', async () => {
    const bin = tempDir('saferpm-nologger-');
    symlinkSync('/usr/bin/rpm', path.join(bin, 'rpm'));
    writeFileSync(path.join(bin, 'README'), 'a PATH with rpm and without logger\n');
    const root = await rootWithV1();
    // node by its full path: this PATH has nothing but rpm
    const r = await execa(process.execPath, [DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2], { reject: false, env: { ...testEnv(), PATH: bin } });
    expect(r.exitCode, r.stderr).toBe(0);
    const { id, warnings } = recordOf(root);
    expect(r.stderr).toContain(`saferpm: warning: log: no syslog line for run ${id}`);
    expect(warnings).toContain(`log: no syslog line for run ${id}: logger is not installed or not on PATH (RHEL: dnf install util-linux)`);
  });
});
