/** The effective dnf configuration and the findings about kernel protection, with libdnf's layering. */
import { describe, expect, it } from 'vitest';
import { parseDnfArgs } from '../../../src/dnf/cli/argv.js';
import { effectiveConfig, type ConfigFileText } from '../../../src/dnf-config/effective.js';
import { configFindings } from '../../../src/dnf/config/findings.js';
import { parseLockList } from '../../../src/dnf/config/versionlock.js';
import { appendList, parseInstallonlyLimit } from '../../../src/dnf-config/option-values.js';
import { globMatch } from '../../../src/dnf/config/glob.js';
import { ConfigError } from '../../../src/errors.js';

const conf = (text: string): ConfigFileText => ({ path: '/r/etc/dnf/dnf.conf', text });
const config = (main: string | undefined, ...args: string[]) =>
  effectiveConfig({ ...(main === undefined ? {} : { main: conf(main) }), repoFiles: [], globals: parseDnfArgs('dnf', [...args, 'upgrade']).globals });
const codes = (c: ReturnType<typeof config>) => configFindings(c, [{ name: 'kernel-core', nevra: 'kernel-core-6.1.10-1.x86_64' }]).map((f) => f.code);

describe('effectiveConfig', () => {
  it('defaults: dnf 4 keeps 3 kernels, the default install-only names, running kernel protected', () => {
    const c = config(undefined);
    expect(c.installonlyLimit).toEqual({ value: 3, source: 'dnf default' });
    expect(c.installonlypkgs.value).toContain('installonlypkg(kernel)');
    expect(c.protectRunningKernel.value).toBe(true);
    expect(codes(c)).toEqual([]);
  });

  it('installonly_limit from the file, overridden by --setopt; the source names the line or option', () => {
    expect(config('[main]\ngpgcheck=1\ninstallonly_limit=5\n').installonlyLimit).toEqual({ value: 5, source: '/r/etc/dnf/dnf.conf:3' });
    expect(config('[main]\ninstallonly_limit=5\n', '--setopt=installonly_limit=2').installonlyLimit).toEqual({ value: 2, source: '--setopt=installonly_limit=2' });
  });

  it('installonly_limit=1 in the file: dnf rejects it and keeps 3 (measured: "value 1 is not allowed")', () => {
    const c = config('[main]\ninstallonly_limit=1\n');
    expect(c.installonlyLimit.value).toBe(3);
    expect(c.problems).toEqual(['/r/etc/dnf/dnf.conf:2: installonly_limit=1 is rejected by dnf (value 1 is not allowed); dnf keeps 3 (dnf default)']);
    expect(codes(c)).toEqual(['config-value-rejected']);
  });

  it('installonly_limit=0 and <off>: no limit, warned', () => {
    expect(codes(config('[main]\ninstallonly_limit=0\n'))).toEqual(['installonly-limit-off']);
    expect(config('[main]\ninstallonly_limit=<off>\n').installonlyLimit.value).toBe(0);
  });

  it('installonlypkgs appends to the defaults; an empty value clears them (warned)', () => {
    expect(config('[main]\ninstallonlypkgs=kernel-uek\n').installonlypkgs.value).toEqual(expect.arrayContaining(['kernel', 'kernel-uek']));
    const cleared = config('[main]\ninstallonlypkgs=\n');
    expect(cleared.installonlypkgs.value).toEqual([]);
    expect(codes(cleared)).toEqual(['installonlypkgs-cleared']);
    expect(config(undefined, '--setopt=installonlypkgs=').installonlypkgs.value).toEqual([]);
  });

  it('excludes: file, --setopt and -x append; an empty value clears; --disableexcludes=main drops them', () => {
    const c = config('[main]\nexclude=kernel*\n', '--setopt=excludepkgs=foo', '-x', 'bar');
    expect(c.excludes).toEqual([
      { value: 'kernel*', source: '/r/etc/dnf/dnf.conf:2' },
      { value: 'foo', source: '--setopt=excludepkgs=foo' },
      { value: 'bar', source: '-x bar' },
    ]);
    const f = configFindings(c, []);
    expect(f.map((x) => x.message)).toEqual(["exclude 'kernel*' (/r/etc/dnf/dnf.conf:2) hides kernel, kernel-core from dnf: no new kernel (and no kernel security fix) is installed"]);
    expect(config('[main]\nexclude=kernel*\n', '--setopt=excludepkgs=').excludes).toEqual([]);
    expect(config('[main]\nexclude=kernel*\n', '--disableexcludes=main').excludes).toEqual([]);
  });

  it('an exclude by version hides the kernel too (matched against NEVRA); an unrelated one does not', () => {
    expect(codes(config('[main]\nexcludepkgs=kernel-core-6.1*\n'))).toEqual(['exclude-hides-kernels']);
    expect(codes(config('[main]\nexcludepkgs=kernel-headers kernel-devel\n'))).toEqual([]);
  });

  it('repository excludes from .repo files and --setopt=REPO.excludepkgs; disabled repositories do not count', () => {
    const c = effectiveConfig({
      repoFiles: [{ path: '/etc/yum.repos.d/x.repo', text: '[baseos]\nexclude=kernel*\n[old]\nenabled=0\nexclude=kernel*\n' }],
      globals: parseDnfArgs('dnf', ['--setopt=upd*.excludepkgs=kernel-core', 'upgrade']).globals,
    });
    expect(configFindings(c, []).map((f) => f.message)).toEqual([
      "exclude in repository baseos 'kernel*' (/etc/yum.repos.d/x.repo:2) hides kernel, kernel-core from dnf: no new kernel (and no kernel security fix) is installed",
      "exclude in repository upd* 'kernel-core' (--setopt=upd*.excludepkgs=kernel-core) hides kernel-core from dnf: no new kernel (and no kernel security fix) is installed",
    ]);
  });

  it('protect_running_kernel=False and includepkgs without kernels are warned', () => {
    expect(codes(config('[main]\nprotect_running_kernel=False\n'))).toEqual(['running-kernel-unprotected']);
    expect(codes(config('[main]\nincludepkgs=bash\n'))).toEqual(['include-hides-kernels']);
    expect(codes(config('[main]\nincludepkgs=bash kernel*\n'))).toEqual([]);
  });

  it('a configuration dnf cannot read is a ConfigError naming the line', () => {
    expect(() => config('[main\n')).toThrow(ConfigError);
    expect(() => config('[main\n')).toThrow('/r/etc/dnf/dnf.conf:1');
  });
});

describe('versionlock', () => {
  it('locks name the package; "!" lines are excludes; comments are skipped', () => {
    const entries = parseLockList('# Added lock on Tue\nkernel-core-0:6.1.10-1.*\n\n!kernel-6.1.15*\nbash\n');
    expect(entries.map((e) => [e.name, e.exclude, e.line])).toEqual([['kernel-core', false, 2], ['kernel-6.1.15*', true, 4], ['bash', false, 5]]);
    const f = configFindings(config(undefined), [{ name: 'kernel', nevra: 'kernel-6.1.15-1.x86_64' }], { file: '/etc/dnf/plugins/versionlock.list', entries });
    expect(f.map((x) => x.message)).toEqual([
      'versionlock (/etc/dnf/plugins/versionlock.list:2) locks kernel-core to 0:6.1.10-1.*: dnf hides every other version of kernel-core',
      "versionlock (/etc/dnf/plugins/versionlock.list:4) excludes 'kernel-6.1.15*': dnf hides every other version of kernel",
    ]);
  });
});

describe('value readers', () => {
  it('appendList: append, clear with empty, clear with a leading comma', () => {
    expect(appendList(['a'], 'b, c')).toEqual(['a', 'b', 'c']);
    expect(appendList(['a'], '  ')).toEqual([]);
    expect(appendList(['a'], ',b')).toEqual(['b']);
  });

  it('parseInstallonlyLimit: as dnf 4.14 answered for each value', () => {
    expect(['0', '<off>', '2', '1', '-1', 'abc'].map((v) => JSON.stringify(parseInstallonlyLimit(v)))).toEqual([
      '{"ok":true,"value":0}', '{"ok":true,"value":0}', '{"ok":true,"value":2}',
      '{"ok":false,"why":"value 1 is not allowed"}', '{"ok":false,"why":"negative value is not allowed"}', '{"ok":false,"why":"invalid value"}',
    ]);
  });

  it('globMatch: fnmatch semantics', () => {
    expect(globMatch('kernel*', 'kernel-core')).toBe(true);
    expect(globMatch('kernel-[cm]*', 'kernel-modules')).toBe(true);
    expect(globMatch('kernel-[!c]*', 'kernel-core')).toBe(false);
    expect(globMatch('kernel?', 'kernel')).toBe(false);
    expect(globMatch('k.rnel', 'kernel')).toBe(false);
  });
});
