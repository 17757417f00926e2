/**
 * The rpm shim for real, in a temporary prefix first on a temporary PATH
 * (never the host's /usr/bin/rpm, root's PATH or /usr/local): an unmodified
 * 'rpm -Uvh' of a new kernel keeps the old one; queries and verifies are
 * byte-identical to the real rpm's; remove puts back exactly what was there.
 */
import { chmodSync, lstatSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, ensureRpmHome } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, rpm, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { treeFingerprint } from '../helpers/tree.js';

const REAL_RPM = '/usr/bin/rpm';

/** The environment of a script run by root: this PATH, no SAFERPM_RPM. */
function scriptEnv(PATH: string): Record<string, string> {
  const env: Record<string, string> = { PATH, HOME: ensureRpmHome(), LC_ALL: 'C' };
  for (const k of ['TMPDIR', 'USER', 'LOGNAME']) if (process.env[k]) env[k] = process.env[k] as string;
  return env;
}

async function run(file: string, args: string[], PATH: string) {
  const r = await execa(file, args, { env: scriptEnv(PATH), extendEnv: false, reject: false, encoding: 'buffer' });
  return { exitCode: r.exitCode, stdout: Buffer.from(r.stdout as Uint8Array).toString('latin1'), stderr: Buffer.from(r.stderr as Uint8Array).toString('latin1') };
}

describe.runIf(needTools('rpm', 'rpmbuild'))('the rpm shim in a temporary prefix', () => {
  let v1: string[];
  let v2: string[];
  const basePath = process.env.PATH ?? '/usr/bin:/bin';
  beforeAll(async () => {
    v1 = (await buildRelease('v1')).all;
    v2 = (await buildRelease('v2')).all;
  });

  async function withShim(): Promise<{ prefix: string; PATH: string }> {
    const prefix = tempDir('saferpm-shim-prefix-');
    const r = await saferpm(['shim', 'install', '--prefix', prefix, '--rpm', REAL_RPM], { env: { PATH: `${prefix}:${basePath}` } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(`installed the rpm shim at ${prefix}/rpm (real rpm: ${REAL_RPM})`);
    return { prefix, PATH: `${prefix}:${basePath}` };
  }

  async function rootWithV1(): Promise<string> {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...v1])).exitCode).toBe(0);
    return root;
  }

  it("status: active when this PATH finds the shim first, not when the prefix is missing from PATH", async () => {
    const { prefix, PATH } = await withShim();
    expect(lstatSync(path.join(prefix, 'rpm')).mode & 0o7777).toBe(0o755);
    const active = await saferpm(['shim', 'status', '--prefix', prefix], { env: { PATH } });
    expect(active.exitCode).toBe(0);
    expect(active.stdout).toContain(`PATH:     active: rpm on this PATH is the shim (${prefix} comes before /usr/bin)`);
    const inactive = await saferpm(['shim', 'status', '--prefix', prefix], { env: { PATH: basePath } });
    expect(inactive.exitCode).toBe(1);
    expect(inactive.stdout).toContain(`NOT ACTIVE: ${prefix} is not on this PATH`);
  });

  it('an unmodified "rpm -Uvh" of a new kernel goes through saferpm and keeps the old kernel', async () => {
    const { PATH } = await withShim();
    const root = await rootWithV1();
    const r = await run('rpm', ['-Uvh', '--root', root, ...v2], PATH);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('kernel-core-6.1.12-1: -U rewritten to -i so 6.1.10-1 stays bootable');
    const after = await installed(root);
    expect(after).toContain(`kernel-core-${kuname('v1')}`);
    expect(after).toContain(`kernel-core-${kuname('v2')}`);
    expect(after).toContain('dracut-2.0-1.noarch');
    expect(readdirSync(path.join(root, 'var/lib/saferpm/runs'))).toHaveLength(1);
  });

  it("queries, verifies and rpm's own errors are byte-identical to the real rpm's, exit codes too", async () => {
    const { PATH } = await withShim();
    const root = await rootWithV1();
    appendFileSync(path.join(root, 'etc/ssh/moduli'), '# changed\n');
    chmodSync(path.join(root, 'usr/sbin/sshd'), 0o700);
    const cases = [
      ['--root', root, '-qa'],
      ['--root', root, '-V', 'openssh-server'],
      ['--root', root, '-Va'],
      ['--root', root, '-qi', 'dracut'],
      ['--root', root, '-q', 'no-such-package', 'dracut'],
      ['--root', root, '-qlp', v2[0] as string],
      ['--bogus-option'],
    ];
    for (const args of cases) {
      const real = await run(REAL_RPM, args, basePath);
      const viaShim = await run('rpm', args, PATH);
      expect(viaShim, args.join(' ')).toEqual(real);
    }
    expect((await run(REAL_RPM, ['--root', root, '-V', 'openssh-server'], basePath)).exitCode).toBe(1);
    expect((await run(REAL_RPM, ['--root', root, '-q', 'no-such-package', 'dracut'], basePath)).exitCode).toBe(1);
  });

  it('saferpm run directly with the shim first on PATH uses the real rpm, not itself', async () => {
    const { PATH } = await withShim();
    const root = await rootWithV1();
    const r = await run(process.execPath, [DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2], PATH);
    expect(r.exitCode, r.stderr).toBe(0); // through the shim, its own rpm -U would wait for its own lock (exit 75)
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core'))).toEqual([`kernel-core-${kuname('v1')}`, `kernel-core-${kuname('v2')}`]);
  });

  it('remove leaves the prefix exactly as it was when nothing was there', async () => {
    const prefix = tempDir('saferpm-shim-prefix-');
    writeFileSync(path.join(prefix, 'other-tool'), 'x');
    const before = treeFingerprint(prefix);
    expect((await saferpm(['shim', 'install', '--prefix', prefix, '--rpm', REAL_RPM])).exitCode).toBe(0);
    expect((await saferpm(['shim', 'install', '--prefix', prefix, '--rpm', REAL_RPM])).stdout).toBe(`rpm shim already installed at ${prefix}/rpm`);
    const r = await saferpm(['shim', 'remove', '--prefix', prefix]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(`removed the rpm shim ${prefix}/rpm`);
    expect(treeFingerprint(prefix)).toEqual(before);
    expect((await saferpm(['shim', 'remove', '--prefix', prefix])).stdout).toBe(`no rpm shim at ${prefix}/rpm; nothing to remove`);
  });

  it("refuses to replace someone else's rpm; --force keeps it, and remove puts back the same bytes, mode and inode", async () => {
    const prefix = tempDir('saferpm-shim-prefix-');
    const theirs = path.join(prefix, 'rpm');
    writeFileSync(theirs, '#!/bin/sh\n# site wrapper\nexec /usr/bin/rpm "$@"\n');
    chmodSync(theirs, 0o750);
    const st = lstatSync(theirs);
    const before = treeFingerprint(prefix);

    const refused = await saferpm(['shim', 'install', '--prefix', prefix, '--rpm', REAL_RPM]);
    expect(refused.exitCode).toBe(79);
    expect(refused.stderr).toContain(`saferpm: error: ${theirs} exists and is not saferpm's shim; not replaced`);
    expect(treeFingerprint(prefix)).toEqual(before);
    const notRemoved = await saferpm(['shim', 'remove', '--prefix', prefix]);
    expect(notRemoved.exitCode).toBe(79);
    expect(treeFingerprint(prefix)).toEqual(before);

    const forced = await saferpm(['shim', 'install', '--force', '--prefix', prefix, '--rpm', REAL_RPM]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(`kept the file that was at ${theirs} as ${prefix}/.rpm.saferpm-backup`);
    expect(readFileSync(theirs, 'utf8')).toContain('# saferpm rpm shim');
    const status = await saferpm(['shim', 'status', '--prefix', prefix], { env: { PATH: `${prefix}:${basePath}` } });
    expect(status.stdout).toContain(`replaced: ${prefix}/.rpm.saferpm-backup (put back by 'saferpm shim remove')`);
    const again = await saferpm(['shim', 'install', '--force', '--prefix', prefix, '--rpm', REAL_RPM]);
    expect(again.stdout).toBe(`rpm shim already installed at ${prefix}/rpm`); // the kept file stays kept

    const removed = await saferpm(['shim', 'remove', '--prefix', prefix]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`removed the rpm shim and put back the file that was at ${theirs}`);
    expect(treeFingerprint(prefix)).toEqual(before);
    const back = lstatSync(theirs);
    expect([back.ino, back.mode, back.uid, back.mtimeMs]).toEqual([st.ino, st.mode, st.uid, st.mtimeMs]);
  });

  it('an install --force killed before its rename leaves the original in place, and the next install and remove finish cleanly', async () => {
    const prefix = tempDir('saferpm-shim-prefix-');
    const theirs = path.join(prefix, 'rpm');
    writeFileSync(theirs, '#!/bin/sh\nexec /usr/bin/rpm "$@"\n');
    chmodSync(theirs, 0o755);
    const st = lstatSync(theirs);
    const before = treeFingerprint(prefix);
    const killed = await saferpm(['shim', 'install', '--force', '--prefix', prefix, '--rpm', REAL_RPM], { env: { SAFERPM_FAULT: 'before-rename:rpm' } });
    expect(killed.exitCode).not.toBe(0);
    expect(readFileSync(theirs, 'utf8')).toBe('#!/bin/sh\nexec /usr/bin/rpm "$@"\n');
    expect(readdirSync(prefix).filter((n) => n.includes('.tmp-'))).toHaveLength(1);
    const again = await saferpm(['shim', 'install', '--force', '--prefix', prefix, '--rpm', REAL_RPM]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readdirSync(prefix).sort()).toEqual(['.rpm.saferpm-backup', 'rpm']);
    expect((await saferpm(['shim', 'remove', '--prefix', prefix])).exitCode).toBe(0);
    expect(treeFingerprint(prefix)).toEqual(before);
    expect(lstatSync(theirs).ino).toBe(st.ino);
  });

  it('refuses a --rpm that is itself a shim, and a prefix others can write to', async () => {
    const { prefix } = await withShim();
    const other = tempDir('saferpm-shim-prefix-');
    const loop = await saferpm(['shim', 'install', '--prefix', other, '--rpm', path.join(prefix, 'rpm')]);
    expect(loop.exitCode).toBe(64);
    expect(loop.stderr).toContain(`${prefix}/rpm is itself a saferpm shim; the shim would call itself`);
    chmodSync(other, 0o777);
    const open = await saferpm(['shim', 'install', '--prefix', other, '--rpm', REAL_RPM]);
    expect(open.exitCode).toBe(77);
    expect(open.stderr).toContain('is writable by group or others (mode 777)');
    expect(readdirSync(other)).toEqual([]);
  });
});
