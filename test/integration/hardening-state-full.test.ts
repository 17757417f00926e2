/**
 * The state folder fills up while rpm installs a kernel (a small tmpfs
 * mounted on ROOT/var/lib/saferpm, filled by the test while the slow %pre of
 * fixtures/specs/kernel-slow-scriptlet.spec holds the transaction): rpm
 * finishes, and saferpm can no longer write its record. It used to stop there
 * ("record.json: cannot write", exit 74) with no boot check and no note; now
 * the run goes on: the boot check, the note (whose own failure is said), the
 * summary, then exit 74. Needs root for the mount (a failure under CI, a
 * visible skip elsewhere).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI, SPECS } from '../helpers/paths.js';
import { installed, rootWith } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

describe.runIf(needTools('rpm', 'rpmbuild', 'mount') && needRoot('mounting a tmpfs on the state folder'))('the state folder full in the middle of a kernel install', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
  });

  it('rpm finishes; the boot check and the note still run; the record that could not be saved is said; exit 74; the last whole record kept; the lock released', async () => {
    const [slow] = await buildSpec(path.join(SPECS, 'kernel-slow-scriptlet.spec'), { slowin: 'pre', seconds: '3' });
    const root = await rootWith(v1.all);
    const state = path.join(root, 'var/lib/saferpm');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    const mount = await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', state], { reject: false });
    if (mount.exitCode !== 0) throw new Error(`cannot mount a tmpfs here: ${mount.stderr}`);
    try {
      const child = execa('node', [DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), slow as string], { env: { HOME: ensureRpmHome(), LC_ALL: 'C' }, reject: false });
      for (const end = Date.now() + 20_000; !existsSync(path.join(root, 'var/tmp/kernel-slow-in-pre'));) {
        if (Date.now() > end) throw new Error('rpm did not reach the slow %pre');
        await new Promise((r) => setTimeout(r, 25));
      }
      try {
        writeFileSync(path.join(state, 'filler'), Buffer.alloc(1024 * 1024));
      } catch {
        /* ENOSPC: the folder is full, which is the point */
      }
      const r = await child;
      const stderr = String(r.stderr);
      expect(r.exitCode, stderr).toBe(74);
      expect(stderr).toMatch(/saferpm: warning: the run record cannot be saved \(.*record\.json: cannot write: no space left on the file system\); the run goes on/);
      expect(stderr).toMatch(/Boot check:[\s\S]*safe to reboot/);
      expect(stderr).toMatch(/saferpm: warning: recovery note: .*no space left/);
      expect(await installed(root)).toContain('kernel-slow-6.1.20-1.x86_64');
      const [id] = readdirSync(path.join(state, 'runs'));
      const record = JSON.parse(readFileSync(path.join(state, 'runs', id as string, 'record.json'), 'utf8')) as { status: string };
      expect(record.status).toBe('running'); // the last record that could be written, whole
      expect(existsSync(path.join(state, 'lock'))).toBe(false);
    } finally {
      await execa('umount', [state], { reject: false });
    }
  });
});
