/**
 * Attack 6 of issue 16: saferpm killed (SIGKILL) while rpm installs a kernel.
 * rpm does not die with it and finishes the transaction; the record said
 * "running" with no package changed, `history ID` "No package was changed"
 * and `undo` "nothing to undo", and the note the kernel run owed was never
 * written. Now the record holds the expected changes before rpm starts, and
 * the next saferpm command finds the run dead, reads what really changed from
 * the rpm database and writes the note.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI, SPECS } from '../helpers/paths.js';
import { installed, rootWith, saferpm } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; !(await cond()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(needTools('rpm', 'rpmbuild', 'pgrep'))('attack: saferpm killed while rpm runs', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
  });

  it('rpm finishes alone; the next saferpm command says what really changed, undo knows it, the note is written', async () => {
    const root = await rootWith(v1.all);
    const [pkg] = await buildSpec(path.join(SPECS, 'kernel-slow-scriptlet.spec'), { slowin: 'pre', seconds: '2' });
    const child = execa('node', [DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), pkg as string], { env: { HOME: ensureRpmHome(), LC_ALL: 'C' }, reject: false });
    await until('the %pre scriptlet', () => existsSync(path.join(root, 'var/tmp/kernel-slow-in-pre')));
    const rpmPid = Number((await execa('pgrep', ['-P', String(child.pid), '-x', 'rpm'], { reject: false })).stdout.trim());
    expect(rpmPid).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await child;
    await until('rpm to finish on its own', () => !alive(rpmPid));
    expect((await installed(root)).some((p) => p.startsWith('kernel-slow-'))).toBe(true);
    const id = readdirSync(path.join(root, 'var/lib/saferpm/runs'))[0] as string;

    const h = await saferpm(['history', id, '--root', root]);
    expect(h.exitCode, h.stderr).toBe(EXIT.OK);
    expect(h.stderr).toContain(`run ${id} died while its transaction ran; what changed was read from the rpm database`);
    expect(h.stdout).not.toContain('No package was changed');
    expect(h.stdout).toMatch(/kernel-slow\.\S+ \(none\) -> 6\.1\.20-1 \[installed\]/);
    const rec = JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', id, 'record.json'), 'utf8'));
    expect(rec.status).toBe('interrupted');
    expect(rec.warnings.at(-1)).toMatch(/^saferpm \(pid \d+\) died while the transaction ran; 1 package change read from the rpm database/);
    expect(rec.note?.path).toBeTruthy();
    expect(readFileSync(path.join(root, rec.note.path), 'utf8')).toMatch(/6\.1\.20-1/);

    const u = await saferpm(['undo', id, '--root', root, '--running-kernel', kuname('v1'), '--dry-run']);
    expect(u.exitCode, u.stderr).toBe(EXIT.OK);
    expect(u.stdout.replace(/ \\\n\s+/g, ' ')).toMatch(/saferpm -e .*kernel-slow-6\.1\.20-1/);
  });
});
