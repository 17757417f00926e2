/** Bad input on the rpm command line: a clear one-line error naming the thing, and nothing changed. */
import { copyFileSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { installed, pick, rootWith, rpm, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { treeFingerprint } from '../helpers/tree.js';
import { needRoot, needTools } from '../helpers/tools.js';
import { UPSTREAM } from '../helpers/paths.js';

describe.runIf(needTools('rpm', 'rpmbuild'))('bad input to saferpm -Uvh', () => {
  let v1: Awaited<ReturnType<typeof buildRelease>>;
  let v2: Awaited<ReturnType<typeof buildRelease>>;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
  });

  async function expectRefused(files: (dir: string) => string[], code: number, message: RegExp): Promise<void> {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...v1.all])).exitCode).toBe(0);
    const dir = tempDir();
    const before = treeFingerprint(root);
    const r = await saferpm(['-Uvh', '--root', root, ...files(dir)], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(code);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('saferpm: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(treeFingerprint(root)).toEqual(before);
  }

  const good = () => v2.userland[0] as string;
  /** A copy of a package with the end of its payload cut off: the header reads, the digests fail. */
  const cut = (file: string): string => {
    const out = path.join(tempDir(), path.basename(file));
    const data = readFileSync(file);
    writeFileSync(out, data.subarray(0, data.length - 64));
    return out;
  };

  it('a missing file', () => expectRefused(() => [good(), 'nope.rpm'], 66, /^saferpm: error: nope\.rpm: no such file$/));
  it('a directory', () => expectRefused((d) => { mkdirSync(path.join(d, 'updates')); return [good(), 'updates']; }, 65, /updates: is a directory, not a package file/));
  it('an empty file', () => expectRefused((d) => { writeFileSync(path.join(d, 'empty.rpm'), ''); return ['empty.rpm']; }, 65, /empty\.rpm: is empty, not an rpm package/));
  it('a file that is not an rpm', () => expectRefused((d) => { writeFileSync(path.join(d, 'x.rpm'), Buffer.from([0, 1, 2, 3, 0, 9, 9])); return ['x.rpm']; }, 65, /x\.rpm: is not an rpm package \(no RPM lead\)/));
  it('a text file rpm would read as a manifest', () => expectRefused((d) => { writeFileSync(path.join(d, 'list.rpm'), `${good()}\n`); return ['list.rpm']; }, 65, /list\.rpm: is a text file, not an rpm package \(rpm would read it as a manifest/));
  it('a truncated package', () => expectRefused((d) => { writeFileSync(path.join(d, 'cut.rpm'), readFileSync(good()).subarray(0, 600)); return [good(), 'cut.rpm']; }, 65, /cut\.rpm: rpm cannot read it/));
  // --nodeps: the upstream package needs a real libc, and rpm checks dependencies before digests
  it('a package whose payload is corrupted: rpm refuses the transaction before changing anything', async () => {
    // --nodeps: the upstream package needs a real libc; rpm checks dependencies before digests
    const root = await rootWith(v1.all);
    const before = treeFingerprint(path.join(root, 'var/lib/rpm'));
    const file = path.join(UPSTREAM, 'rpm/rpm/RPMS/hello-2.0-1.x86_64-corrupted.rpm');
    const r = await saferpm(['-Uvh', '--nodeps', '--root', root, good(), file]);
    expect(r.exitCode).toBe(65);
    expect(r.stderr).toMatch(/saferpm: error: \S+hello-2\.0-1\.x86_64-corrupted\.rpm: is corrupted or truncated: Payload SHA256 digest: BAD; rpm refused the transaction before changing anything/);
    expect(treeFingerprint(path.join(root, 'var/lib/rpm'))).toEqual(before);
    expect(await installed(root)).toContain('dracut-1.0-1.noarch');
  });
  it('a corrupted kernel in the second step stops the run before the first step (rpm -K)', () => expectRefused(() => ['--nodeps', '--running-kernel', '6.1.10-1.x86_64', good(), cut(pick(v2.kernel, 'kernel-core-'))], 65, /kernel-core\S*: is corrupted or truncated: its digests do not match \(rpm -K\); nothing was changed/));
  it('a source package given to -U', () => expectRefused(() => [path.join(UPSTREAM, 'rpm/rpm/SRPMS/foo-1.0-1.src.rpm')], 65, /foo-1\.0-1\.src\.rpm: is a source package/));
  it('a FIFO (rpm would wait on it forever)', () => expectRefused((d) => { execFileSync('mkfifo', [path.join(d, 'pipe.rpm')]); return [good(), 'pipe.rpm']; }, 65, /pipe\.rpm: is not a regular file/));
  it('a symlink loop', () => expectRefused((d) => { symlinkSync('b.rpm', path.join(d, 'a.rpm')); symlinkSync('a.rpm', path.join(d, 'b.rpm')); return ['a.rpm']; }, 66, /a\.rpm: symbolic link loop/));
  it('a root that does not exist', async () => {
    const r = await saferpm(['-Uvh', '--root', '/nonexistent/root', good()]);
    expect(r.exitCode).toBe(66);
    expect(r.stderr).toMatch(/^saferpm: error: \/nonexistent\/root: the root directory does not exist$/m);
  });
  it('no package files at all', async () => {
    const r = await saferpm(['-Uvh', '--root', tempRoot()]);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toMatch(/no package files given to -U/);
  });

  it('installs packages whose file names hold spaces, quotes, look like options or are not UTF-8', async () => {
    const root = tempRoot();
    const dir = tempDir();
    const pick = (list: string[], prefix: string) => list.find((f) => path.basename(f).startsWith(prefix)) as string;
    copyFileSync(pick(v1.userland, 'dracut-'), path.join(dir, `it's a "kernel" $(reboot) *.rpm`));
    copyFileSync(pick(v1.kernel, 'kernel-core-'), path.join(dir, '-e'));
    copyFileSync(pick(v1.kernel, 'kernel-modules-'), path.join(dir, '--eval=x'));
    copyFileSync(pick(v1.kernel, 'kernel-6'), Buffer.from([...Buffer.from(`${dir}/caf`), 0xe9, ...Buffer.from('\nline.rpm')]));
    // Node cannot put non-UTF-8 bytes into an argument vector; bash's printf can.
    const { execa } = await import('execa');
    const r = await execa('bash', ['-c', `exec node "$0" -Uvh --root "$1" ./-e ./--eval=x "$2" "$(printf 'caf\\351\\nline.rpm')"`, path.resolve('dist/saferpm.mjs'), root, `it's a "kernel" $(reboot) *.rpm`], { cwd: dir, reject: false, env: { HOME: (await import('../helpers/build-rpms.js')).ensureRpmHome() } });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const arch = path.basename(pick(v1.kernel, 'kernel-core-')).split('.').at(-2);
    expect(await installed(root)).toEqual(['dracut-1.0-1.noarch', `kernel-6.1.10-1.${arch}`, `kernel-core-6.1.10-1.${arch}`, `kernel-modules-6.1.10-1.${arch}`]);
  });

  it.runIf(needRoot('dropping privileges with setpriv'))('an unreadable file (as a non-root user)', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'secret.rpm');
    copyFileSync(good(), f);
    chmodSync(f, 0o000);
    chmodSync(dir, 0o755);
    const root = tempDir();
    chmodSync(root, 0o777);
    const { execa } = await import('execa');
    const r = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', path.resolve('dist/saferpm.mjs'), '-Uvh', '--root', root, f], { reject: false, env: { HOME: root } });
    expect(r.exitCode).toBe(66);
    expect(String(r.stderr)).toMatch(/secret\.rpm: cannot be read: permission denied/);
  });
});

describe.runIf(needTools('rpm', 'rpmbuild'))('bad command lines', () => {
  it('an option that is neither saferpm\'s nor rpm\'s: one clear line, nothing changed', async () => {
    const root = tempRoot();
    const v1 = await buildRelease('v1');
    const before = treeFingerprint(root);
    const r = await saferpm(['-Uvh', '--root', root, '--frobnicate', ...v1.userland]);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toMatch(/^saferpm: error: unknown option --frobnicate: neither saferpm's nor rpm's; nothing was changed$/m);
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('contradicting options', async () => {
    for (const args of [['-U', '--allow-kernel-upgrade', '--keep-kernels', '3'], ['-i', '--allow-kernel-upgrade'], ['-U', '-i'], ['-U', '--one-at-a-time', '--test']]) {
      const r = await saferpm([...args, 'x.rpm']);
      expect(r.exitCode, args.join(' ')).toBe(64);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('saferpm: error:'))).toHaveLength(1);
    }
  });

  it('an unknown subcommand option', async () => {
    const r = await saferpm(['boot', 'check', '--bogus']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toMatch(/^saferpm: error: unknown option '--bogus'/m);
  });

  it.runIf(needRoot('becoming another user with setpriv'))('changing the live system without root is refused before anything is read (77)', async () => {
    const v1 = await buildRelease('v1');
    const { execa } = await import('execa');
    const r = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', path.resolve('dist/saferpm.mjs'), '-Uvh', ...v1.userland], { reject: false, env: { HOME: '/nonexistent' } });
    expect(r.exitCode).toBe(77);
    expect(String(r.stderr)).toMatch(/installing packages on this system needs root/);
  });

  it('10,000 package files on one command line are read in one rpm process, and planned', async () => {
    const v1 = await buildRelease('v1');
    const dir = tempDir();
    const src = v1.userland.find((f) => path.basename(f).startsWith('dracut')) as string;
    const names: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const n = path.join(dir, `p${i}.rpm`);
      linkSync(src, n);
      names.push(n);
    }
    const r = await saferpm(['-Uvh', '--dry-run', '--root', tempRoot(), ...names]);
    expect(r.exitCode, r.stderr.slice(0, 500)).toBe(0);
    expect(r.stdout.match(/dracut-1\.0-1\.noarch/g)?.length).toBeGreaterThanOrEqual(10_000);
  });
});
