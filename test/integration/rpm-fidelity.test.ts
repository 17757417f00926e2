/**
 * The rpm path beside the real rpm, on identical temporary roots: what a
 * script or an admin at a console sees (issue 13). Each case runs plain rpm
 * and saferpm with the same arguments and compares exit codes, output and the
 * installed packages; where saferpm differs on purpose, the test says so and
 * README's "Differences from rpm, on purpose" says why.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, ensureRpmHome } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { SPECS } from '../helpers/paths.js';
import { installed, pick, rootWith, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { treeFingerprint } from '../helpers/tree.js';
import { needTools } from '../helpers/tools.js';

type Release = Awaited<ReturnType<typeof buildRelease>>;

/** Two identical roots with these packages installed: one for rpm, one for saferpm. */
async function twinRoots(files: readonly string[]): Promise<[string, string]> {
  const a = await rootWith(files);
  const b = tempRoot();
  cpSync(a, b, { recursive: true });
  return [a, b];
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** The run record of the only run on this root. */
function onlyRecord(root: string): { status: string; exitCode: number; warnings: string[]; commands: { argv: string[] }[] } {
  const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  expect(runs).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json'), 'utf8'));
}

describe.runIf(needTools('rpm', 'rpmbuild', 'curl'))('the rpm path beside plain rpm', () => {
  let v1: Release;
  let v2: Release;
  let v3: Release;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
    v3 = await buildRelease('v3');
  });

  describe('URLs (issue 13, point 2)', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const ssh = pick(v2.userland, 'openssh-server-');
      server = createServer((req, res) => {
        if (req.url === '/openssh-server-2.0-1.noarch.rpm') {
          res.writeHead(200, { 'content-type': 'application/x-rpm' });
          res.end(readFileSync(ssh));
        } else if (req.url === '/index.html') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Not a package, a web page</body></html>\n');
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found\n');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('-Uvh URL installs what rpm -Uvh URL installs, with the same exit code', async () => {
      const [plain, ours] = await twinRoots(v1.all);
      const url = `${base}/openssh-server-2.0-1.noarch.rpm`;
      const r1 = await rpm(plain, ['-Uvh', url]);
      const r2 = await saferpm(['-Uvh', '--root', ours, url]);
      expect(r1.exitCode).toBe(0);
      expect(r2.exitCode, r2.stderr).toBe(0);
      expect(await installed(ours)).toEqual(await installed(plain));
      expect(await installed(ours)).toContain('openssh-server-2.0-1.noarch');
      expect(r2.stdout).toContain(`Retrieving ${url}`); // as rpm -v says it
      const downloaded = /downloaded \S+ to (\S+) /.exec(r2.stderr)?.[1];
      expect(downloaded).toBeDefined();
      expect(existsSync(downloaded as string)).toBe(false); // the temporary file is gone after the run
    });

    it('a 404 is a one-line error naming the URL; nothing changed (rpm: exit 1, saferpm: 66)', async () => {
      const [plain, ours] = await twinRoots(v1.userland);
      const url = `${base}/missing-1.0-1.noarch.rpm`;
      const r1 = await rpm(plain, ['-Uvh', url]);
      expect(r1.exitCode).toBe(1);
      const before = treeFingerprint(ours);
      const r2 = await saferpm(['-Uvh', '--root', ours, url]);
      expect(r2.exitCode).toBe(66);
      expect(lines(r2.stderr)[0]).toBe(`saferpm: error: ${url}: download failed: HTTP 404 Not Found; nothing was changed`);
      expect(lines(r2.stderr)).toHaveLength(2); // the error and its hint
      expect(treeFingerprint(ours)).toEqual(before);
    });

    it('a body that is not an rpm is refused naming the URL; nothing changed', async () => {
      const root = await rootWith(v1.userland);
      const before = treeFingerprint(root);
      const r = await saferpm(['-Uvh', '--root', root, `${base}/index.html`]);
      expect(r.exitCode).toBe(65);
      expect(r.stderr).toMatch(new RegExp(`^saferpm: error: ${base}/index\\.html: is not an rpm package: the server sent \\d+ bytes of text/html; nothing was changed$`, 'm'));
      expect(treeFingerprint(root)).toEqual(before);
    });

    it('--dry-run with a URL prints the plan and writes nothing under the root', async () => {
      const root = await rootWith(v1.userland);
      const before = treeFingerprint(root);
      const r = await saferpm(['-Uvh', '--root', root, '--dry-run', `${base}/openssh-server-2.0-1.noarch.rpm`]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('upgrade 1.0-1 -> 2.0-1');
      expect(treeFingerprint(root)).toEqual(before);
    });

    it('ftp:// is refused with what to do instead; nothing changed', async () => {
      const root = await rootWith(v1.userland);
      const before = treeFingerprint(root);
      const r = await saferpm(['-Uvh', '--root', root, 'ftp://127.0.0.1/pub/x-release.rpm']);
      expect(r.exitCode).toBe(66);
      expect(r.stderr).toContain('saferpm: error: ftp://127.0.0.1/pub/x-release.rpm: ftp:// URLs are not downloaded by saferpm; nothing was changed');
      expect(r.stderr).toContain("curl -O 'ftp://127.0.0.1/pub/x-release.rpm'");
      expect(treeFingerprint(root)).toEqual(before);
    });
  });

  it('-Fvh of packages none of which is installed: exit 0, nothing done, as rpm (point 3)', async () => {
    const plain = tempRoot();
    const ours = tempRoot();
    const r1 = await rpm(plain, ['-Fvh', ...v2.all]);
    const r2 = await saferpm(['-Fvh', '--root', ours, ...v2.all]);
    expect(r1.exitCode).toBe(0);
    expect(r1.stdout).toBe('');
    expect(r2.exitCode, r2.stderr).toBe(0);
    expect(r2.stdout).toBe('');
    expect(r2.stderr).not.toMatch(/refused|error/);
    expect(r2.stderr).toContain('nothing to freshen');
    expect(await installed(ours)).toEqual([]);
    expect(existsSync(path.join(ours, 'var/lib/saferpm'))).toBe(false);
  });

  describe('--quiet (point 4)', () => {
    it('a quiet userland-only run: stderr empty, stdout what rpm -Uvh --quiet prints', async () => {
      const [plain, ours] = await twinRoots(v1.all);
      const ssh = pick(v2.userland, 'openssh-server-'); // not boot-critical: no boot check
      const r1 = await rpm(plain, ['-Uvh', '--quiet', '--force-debian', ssh]);
      const r2 = await saferpm(['-Uvh', '--quiet', '--root', ours, ssh]);
      expect(r1.exitCode).toBe(0);
      expect(r2.exitCode).toBe(0);
      expect(r2.stderr).toBe('');
      expect(r2.stdout).toBe(String(r1.stdout)); // (both without the final newline)
      expect(await installed(ours)).toEqual(await installed(plain));
      // what was not shown is in the record
      expect(onlyRecord(ours).warnings.join('\n')).toMatch(/no standby copy of the installed openssh-server-1\.0-1/);
    });

    it('a quiet kernel run: stderr holds exactly the one-line verdict', async () => {
      const root = await rootWith(v1.all);
      const r = await saferpm(['-U', '--quiet', '--root', root, '--running-kernel', kuname('v1'), ...v2.all]);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toMatch(/^saferpm: boot check: safe to reboot \(kernel [^)]* installed\)$/); // one line (the helper drops the final newline)
      expect(r.stdout).toBe('');
    });

    it('an error is still shown under --quiet', async () => {
      const root = await rootWith(v1.all);
      const r = await saferpm(['-Uvh', '--quiet', '--root', root, ...v3.kernel.filter((f) => path.basename(f).startsWith('kernel-modules-'))]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('saferpm: error: rpm refused the plan');
    });

    it('-q with -U is a query for rpm, and so for saferpm: same output, same exit code', async () => {
      const root = await rootWith(v1.all);
      const files = v2.userland;
      const r1 = await rpm(root, ['-U', '-q', ...files]);
      const r2 = await saferpm(['-U', '-q', '--root', root, ...files]);
      expect(r2.exitCode).toBe(r1.exitCode);
      expect(r2.stdout).toBe(String(r1.stdout));
      expect(await installed(root)).toContain('dracut-1.0-1.noarch'); // nothing was upgraded
    });
  });

  describe('exit codes and rpm\'s own messages (point 5)', () => {
    it('a kernel whose exact version is installed: rpm\'s refusal, rpm\'s exit code, nothing changed', async () => {
      const [plain, ours] = await twinRoots(v1.all);
      const args = ['-Uvh', pick(v1.kernel, 'kernel-core-'), pick(v2.userland, 'dracut-')];
      const r1 = await rpm(plain, args);
      const before = await installed(ours);
      const r2 = await saferpm(['--root', ours, ...args]);
      expect(r1.exitCode).toBeGreaterThan(0);
      expect(r2.exitCode).toBe(r1.exitCode);
      const said = lines(String(r1.stderr)).filter((l) => l.startsWith('\t'));
      expect(said).toEqual([`\tpackage kernel-core-${kuname('v1')} is already installed`]);
      for (const l of said) expect(r2.stderr).toContain(l);
      expect(await installed(plain)).toEqual(before);
      expect(await installed(ours)).toEqual(before);
    });

    it('-U --justdb with kernels: exit 0 as rpm, the boot check skipped with a note (no vmlinuz on disk by design)', async () => {
      const [plain, ours] = await twinRoots(v1.all);
      const r1 = await rpm(plain, ['-Uvh', '--justdb', ...v2.all]);
      const r2 = await saferpm(['-Uvh', '--justdb', '--root', ours, '--running-kernel', kuname('v1'), ...v2.all]);
      expect(r1.exitCode).toBe(0);
      expect(r2.exitCode, r2.stderr).toBe(0);
      expect(existsSync(path.join(ours, `boot/vmlinuz-${kuname('v2')}`))).toBe(false);
      const record = onlyRecord(ours);
      expect(record.status).toBe('succeeded');
      expect(record.warnings).toContain('boot check skipped (--justdb): only the rpm database changed, no kernel files were written');
      expect(r2.stderr).not.toContain('do not reboot');
    });

    it('rpm --test refusing: rpm\'s own "error: Failed dependencies:" block, rpm\'s exit code', async () => {
      const plain = tempRoot();
      const ours = tempRoot();
      const core = pick(v2.kernel, 'kernel-core-'); // needs dracut, which is not installed
      const r1 = await rpm(plain, ['-Uvh', '--force-debian', core]);
      const r2 = await saferpm(['-Uvh', '--root', ours, core]);
      expect(r1.exitCode).toBe(1);
      expect(r2.exitCode).toBe(r1.exitCode);
      expect(String(r1.stderr)).toBe(`error: Failed dependencies:\n\tdracut >= 1.0 is needed by kernel-core-${kuname('v2')}`);
      // saferpm shows rpm's message as rpm wrote it, then its own one line
      expect(r2.stderr).toContain(`\n${String(r1.stderr)}\nsaferpm: error: rpm refused the plan (rpm --test, exit 1); nothing was changed`);
      expect(await installed(ours)).toEqual([]);
    });

    it('a problem saferpm makes moot (the kept kernel still provides it) is left out of rpm\'s message and its count', async () => {
      const [plain, ours] = await twinRoots(v1.all);
      const mods = v3.kernel.filter((f) => path.basename(f).startsWith('kernel-modules-'));
      const r1 = await rpm(plain, ['-Uvh', '--force-debian', ...mods]);
      const r2 = await saferpm(['-Uvh', '--root', ours, '--running-kernel', kuname('v1'), ...mods]);
      expect(r1.exitCode).toBe(2); // rpm -U would also erase kernel-modules-6.1.10, which kernel-6.1.10 needs
      expect(r2.exitCode).toBe(1); // saferpm keeps it: only the missing kernel-core is left
      expect(r2.stderr).toContain('error: Failed dependencies:\n\tkernel-core = 6.1.15-1 is needed by kernel-modules-6.1.15-1');
      expect(String(r1.stderr)).toContain('\tkernel-modules = 6.1.10-1 is needed by (installed) kernel-6.1.10-1');
      expect(r2.stderr).not.toContain('\tkernel-modules = 6.1.10-1 is needed by (installed)');
    });

    it('-Uvh --test prints rpm\'s Verifying/Preparing lines as rpm does, and changes nothing', async () => {
      const [plain, ours] = await twinRoots(v1.all);
      const r1 = await rpm(plain, ['-Uvh', '--test', ...v2.all]);
      const before = treeFingerprint(ours);
      const r2 = await saferpm(['-Uvh', '--test', '--root', ours, ...v2.all]);
      expect(r1.exitCode).toBe(0);
      expect(r2.exitCode, r2.stderr).toBe(0);
      expect(lines(String(r1.stdout))).toEqual([expect.stringMatching(/^Verifying\.\.\. +#+$/), expect.stringMatching(/^Preparing\.\.\. +#+$/)]);
      expect(lines(r2.stdout)).toEqual(lines(String(r1.stdout)));
      expect(treeFingerprint(ours)).toEqual(before);
    });
  });

  describe('source packages (point 6)', () => {
    let top: string;
    let srpm: string;
    beforeAll(async () => {
      top = mkdtempSync(path.join(os.tmpdir(), 'saferpm-srpm-'));
      const r = await execa('rpmbuild', ['-bs', '--quiet', '--define', `_topdir ${top}`, '--define', 'uver 2.0', path.join(SPECS, 'openssh-server.spec')], { env: { HOME: ensureRpmHome(), LC_ALL: 'C' }, extendEnv: true });
      expect(r.exitCode).toBe(0);
      srpm = path.join(top, 'SRPMS', 'openssh-server-2.0-1.src.rpm');
      expect(existsSync(srpm)).toBe(true);
    });
    afterAll(() => rmSync(top, { recursive: true, force: true }));

    it('-ivh X.src.rpm goes straight to rpm: the same sources unpacked, the same output and exit code', async () => {
      const plain = tempRoot();
      const ours = tempRoot();
      const r1 = await rpm(plain, ['-ivh', srpm]);
      const r2 = await saferpm(['-ivh', '--root', ours, srpm]);
      expect(r1.exitCode).toBe(0);
      expect(r2.exitCode).toBe(0);
      expect(r2.stdout).toBe(String(r1.stdout)); // (both without the final newline)
      const spec = path.join(ensureRpmHome(), 'rpmbuild/SPECS/openssh-server.spec');
      expect(existsSync(path.join(plain, spec))).toBe(true);
      expect(existsSync(path.join(ours, spec))).toBe(true);
      expect(existsSync(path.join(ours, 'var/lib/saferpm'))).toBe(false); // rpm's, no saferpm run
    });

    it('-Uvh X.src.rpm is refused, saying why and what to do; nothing changed', async () => {
      const root = tempRoot();
      const before = treeFingerprint(root);
      const r = await saferpm(['-Uvh', '--root', root, srpm]);
      expect(r.exitCode).toBe(65);
      expect(r.stderr).toContain(`saferpm: error: ${srpm}: is a source package (.src.rpm): -U replaces installed binary packages, and a source package replaces nothing; nothing was changed`);
      expect(r.stderr).toContain('use saferpm -ivh X.src.rpm');
      expect(treeFingerprint(root)).toEqual(before);
    });
  });

  it('Debian\'s "use Alien" lines: printed by plain rpm here, never by saferpm\'s install path (point 7)', async () => {
    const [plain, ours] = await twinRoots(v1.all);
    const help = await execa('rpm', ['--help'], { reject: false });
    const debian = /--force-debian/.test(String(help.stdout));
    const r1 = await rpm(plain, ['-Uvh', ...v2.all]);
    const r2 = await saferpm(['-Uvh', '--root', ours, '--running-kernel', kuname('v1'), ...v2.all]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    expect(String(r1.stderr).includes('use Alien instead')).toBe(debian);
    expect(`${r2.stdout}\n${r2.stderr}`).not.toContain('Alien');
    expect(`${r2.stdout}\n${r2.stderr}`).not.toContain('However assuming you know what you are doing');
    const argvs = onlyRecord(ours).commands.map((c) => c.argv);
    for (const argv of argvs) expect(argv.includes('--force-debian')).toBe(debian);
  });
});
