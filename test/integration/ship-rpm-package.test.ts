/**
 * saferpm's own RPM, built with the real rpmbuild (npm run package) and
 * installed with the real rpm into temporary roots: the file list and modes,
 * the dependency on Node.js 20, %config(noreplace) on upgrade and erase, and
 * the installed single file running on this machine's node.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, buildSpec, ensureRpmHome } from '../helpers/build-rpms.js';
import { SPECS } from '../helpers/paths.js';
import { installed, rpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { planTemplate } from '../../src/recovery/patch-plan/template.js';
import { bashComplete, blockDir, buildSaferpmRpm, distTag, PKG_VERSION, saferpmNevra } from '../unit/ship/ship-support.js';

const FILES = [
  '/etc/saferpm', '/etc/saferpm/plan.toml', '/usr/bin/saferpm', '/usr/lib/saferpm', '/usr/lib/saferpm/saferpm.mjs',
  '/usr/lib/systemd/system/multi-user.target.wants/saferpm-trial-fallback.service', '/usr/lib/systemd/system/multi-user.target.wants/saferpm-trial.service',
  '/usr/lib/systemd/system/saferpm-trial-fallback.service', '/usr/lib/systemd/system/saferpm-trial.service',
  '/usr/share/bash-completion/completions/saferpm', '/usr/share/man/man8/saferpm.8', '/usr/share/zsh/site-functions/_saferpm', '/var/lib/saferpm',
];

describe.runIf(needTools('rpm', 'rpmbuild', 'tar', 'mandoc'))('the saferpm RPM', () => {
  const work = blockDir('saferpm-ship-rpm-');
  let r1: { binary: string; source: string };
  let r2same: string;
  let r2changed: string;
  const CHANGED = '\n# release 2: a changed default\n';
  let dist = '';

  beforeAll(async () => {
    dist = await distTag();
    r1 = await buildSaferpmRpm('1', path.join(work.dir, 'r1'));
    r2same = (await buildSaferpmRpm('2', path.join(work.dir, 'r2'))).binary;
    r2changed = await rebuildWithChangedPlan(r1.source, path.join(work.dir, 'r2changed'), CHANGED);
  });
  afterAll(() => work.cleanup());

  async function installInto(root: string, file: string, mode = '-i'): Promise<void> {
    const r = await rpm(root, [mode, '--nodeps', file]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
  }

  it('is noarch, requires nodejs(engine) >= 20 and lists exactly its files with their flags', async () => {
    const q = await rpm('/', ['-qp', '--qf', '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n[%{REQUIRENAME} %{REQUIREFLAGS:depflags} %{REQUIREVERSION}\\n]', r1.binary]);
    const lines = String(q.stdout).split('\n');
    expect(lines[0]).toBe(saferpmNevra('1', dist));
    expect(lines).toContain('nodejs(engine) >= 20');
    expect(lines).toContain('/usr/bin/node  '); // from the launcher's #! line (rpm's script.req)
    const files = await rpm('/', ['-qp', '--qf', '[%{FILEMODES:perms} %{FILEFLAGS:fflags} %{FILENAMES}\\n]', r1.binary]);
    const list = String(files.stdout).split('\n').filter((l) => l && !l.includes('/usr/share/doc/') && !l.includes('/usr/share/licenses/'));
    expect(String(files.stdout)).toMatch(/^-rw-r--r-- l \/usr\/share\/licenses\/saferpm(-[^/]+)?\/COPYING$/m); // %license, GPL-2.0 text (Debian's rpm versions the folder)
    expect(list.map((l) => (l.split(' ').at(-1) as string).replace(/\.gz$/, ''))).toEqual(FILES); // brp-compress gzips man pages on Fedora
    expect(list).toContain('-rw-r--r-- cn /etc/saferpm/plan.toml'); // %config(noreplace)
    expect(list).toContain('drwx------  /var/lib/saferpm');
    expect(list).toContain('-rwxr-xr-x  /usr/bin/saferpm');
    // the trial boot units (docs/trial-boot.md), enabled by their links: no preset, no %post
    expect(list).toContain('-rw-r--r--  /usr/lib/systemd/system/saferpm-trial.service');
    expect(list).toContain('lrwxrwxrwx  /usr/lib/systemd/system/multi-user.target.wants/saferpm-trial.service');
  });

  it("refuses Fedora's nodejs 1:18 (Epoch 1) and accepts 1:20: why the dependency is nodejs(engine)", async () => {
    const [node18] = await buildSpec(path.join(SPECS, 'nodejs.spec'), { nodever: '18.19.0' });
    const [node20] = await buildSpec(path.join(SPECS, 'nodejs.spec'), { nodever: '20.11.1' });
    const old = tempRoot();
    await installInto(old, node18 as string);
    const refused = await rpm(old, ['-i', '--test', r1.binary]);
    expect(refused.exitCode).not.toBe(0);
    expect(String(refused.stderr)).toContain(`nodejs(engine) >= 20 is needed by ${saferpmNevra('1', dist)}`);
    const good = tempRoot();
    await installInto(good, node20 as string);
    const accepted = await rpm(good, ['-i', '--test', r1.binary]);
    expect(accepted.exitCode, String(accepted.stderr)).toBe(0);
  });

  it('installs with root-only state, a 0644 plan from the template and a 0755 program, and nothing of node_modules', async () => {
    const root = tempRoot();
    await installInto(root, r1.binary);
    const mode = (p: string): string => (lstatSync(path.join(root, p)).mode & 0o7777).toString(8);
    expect(mode('var/lib/saferpm')).toBe('700');
    expect(lstatSync(path.join(root, 'var/lib/saferpm')).uid).toBe(0);
    expect(mode('etc/saferpm/plan.toml')).toBe('644');
    expect(mode('usr/bin/saferpm')).toBe('755');
    expect(readFileSync(path.join(root, 'etc/saferpm/plan.toml'), 'utf8')).toBe(planTemplate());
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [e.name, ...walk(path.join(d, e.name))] : [e.name]));
    expect(walk(path.join(root, 'usr'))).not.toContain('node_modules');
    expect(readdirSync(path.join(root, 'usr/lib/saferpm'))).toEqual(['saferpm.mjs']);
  });

  it("runs from the installed files with this machine's node: --version, --help, a dry run", async () => {
    const root = tempRoot();
    await installInto(root, r1.binary);
    const bin = path.join(root, 'usr/bin/saferpm');
    const env = { HOME: ensureRpmHome(), LC_ALL: 'C' };
    const version = await execa('node', [bin, '--version'], { reject: false, env });
    expect(version.stdout).toBe(`saferpm ${PKG_VERSION}`);
    const help = await execa('node', [bin, '--help'], { reject: false, env });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^ {2}shim +the opt-in rpm shim/m);
    expect(help.stdout).toContain('--keep-kernels N');
    const target = tempRoot();
    const v1 = (await buildRelease('v1')).all;
    const v2 = (await buildRelease('v2')).all;
    expect((await rpm(target, ['-ivh', ...v1])).exitCode).toBe(0);
    const dry = await execa('node', [bin, '-Uvh', '--dry-run', '--root', target, ...v2], { reject: false, env });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('kernel-core-6.1.12-1: -U rewritten to -i so 6.1.10-1 stays bootable');
    expect(dry.stdout).toContain('dry run: command not executed');
    expect((await installed(target)).filter((p) => p.startsWith('kernel-core'))).toEqual(['kernel-core-6.1.10-1.' + (await arch())]);
  });

  it('ships a man page that mandoc and groff render without a warning, and a bash completion that works', async () => {
    const root = tempRoot();
    await installInto(root, r1.binary);
    const man = readdirSync(path.join(root, 'usr/share/man/man8')).map((f) => path.join(root, 'usr/share/man/man8', f));
    expect(man).toHaveLength(1);
    const lint = await execa('mandoc', ['-T', 'lint', man[0] as string], { reject: false });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.exitCode).toBe(0);
    const rendered = await execa('man', ['-l', man[0] as string], { reject: false, env: { MANWIDTH: '80', MAN_KEEP_FORMATTING: '', LC_ALL: 'C.UTF-8' } });
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toMatch(/^NAME\n {7}saferpm - patch RPM systems/m);
    if (needTools('bash')) {
      const done = await bashComplete(path.join(root, 'usr/share/bash-completion/completions/saferpm'), ['saferpm', 'sh']);
      expect(done).toEqual({ reply: ['shim'], stderr: '' });
    }
  });

  describe('%config(noreplace) /etc/saferpm/plan.toml', () => {
    const plan = (root: string, suffix = ''): string => path.join(root, `etc/saferpm/plan.toml${suffix}`);
    const EDIT = '\n# site: web01, contacts filled in\n';

    it('an upgrade whose default changed keeps the edited plan and puts the new default beside it as .rpmnew', async () => {
      const root = tempRoot();
      await installInto(root, r1.binary);
      appendFileSync(plan(root), EDIT);
      await installInto(root, r2changed, '-U');
      expect(await installed(root)).toEqual([saferpmNevra('2', dist)]);
      expect(readFileSync(plan(root), 'utf8')).toBe(planTemplate() + EDIT);
      expect(readFileSync(plan(root, '.rpmnew'), 'utf8')).toBe(planTemplate() + CHANGED);
    });

    it('an upgrade whose default changed replaces a plan nobody edited, leaving no .rpmnew', async () => {
      const root = tempRoot();
      await installInto(root, r1.binary);
      await installInto(root, r2changed, '-U');
      expect(readFileSync(plan(root), 'utf8')).toBe(planTemplate() + CHANGED);
      expect(existsSync(plan(root, '.rpmnew'))).toBe(false);
    });

    it('an upgrade with the same default keeps the edited plan and adds nothing (rpm compares the packaged files)', async () => {
      const root = tempRoot();
      await installInto(root, r1.binary);
      appendFileSync(plan(root), EDIT);
      await installInto(root, r2same, '-U');
      expect(readFileSync(plan(root), 'utf8')).toBe(planTemplate() + EDIT);
      expect(readdirSync(path.join(root, 'etc/saferpm'))).toEqual(['plan.toml']);
    });

    it('erasing the package keeps an edited plan as .rpmsave and the state folder with its runs', async () => {
      const root = tempRoot();
      await installInto(root, r1.binary);
      appendFileSync(plan(root), EDIT);
      mkdirSync(path.join(root, 'var/lib/saferpm/runs'));
      writeFileSync(path.join(root, 'var/lib/saferpm/runs/keep'), 'a run');
      const r = await rpm(root, ['-e', '--nodeps', 'saferpm']);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(readFileSync(plan(root, '.rpmsave'), 'utf8')).toBe(planTemplate() + EDIT);
      expect(existsSync(path.join(root, 'usr/bin/saferpm'))).toBe(false);
      expect(readFileSync(path.join(root, 'var/lib/saferpm/runs/keep'), 'utf8')).toBe('a run');
    });
  });
});

async function arch(): Promise<string> {
  return String((await execa('rpm', ['--eval', '%{_arch}'])).stdout).trim();
}

/**
 * Release 2 of the package with a different default plan, built from release
 * 1's source RPM with the same spec: what a later saferpm with a changed
 * template looks like to rpm.
 */
async function rebuildWithChangedPlan(srpm: string, dir: string, extra: string): Promise<string> {
  const top = path.join(dir, 'top');
  const tree = path.join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  const env = { HOME: ensureRpmHome(), LC_ALL: 'C' };
  await execa('rpm', ['-i', '--define', `_topdir ${top}`, srpm], { env });
  const name = `saferpm-${PKG_VERSION}`;
  const tarball = path.join(top, `SOURCES/${name}.tar.gz`);
  await execa('tar', ['-xzf', tarball, '-C', tree]);
  appendFileSync(path.join(tree, name, 'plan.toml'), extra);
  await execa('tar', ['-czf', tarball, '-C', tree, name]);
  await execa('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${top}`, '--define', 'saferpm_release 2', path.join(top, 'SPECS/saferpm.spec')], { env });
  const [built] = readdirSync(path.join(top, 'RPMS/noarch'));
  return path.join(top, 'RPMS/noarch', built as string);
}
