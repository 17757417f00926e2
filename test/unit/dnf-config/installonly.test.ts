import { describe, expect, it } from 'vitest';
import { configuredInstallOnly, DEFAULT_INSTALLONLY, installOnlyList } from '../../../src/dnf-config/installonly.js';
import { ConfigError } from '../../../src/errors.js';

const file = (text: string, path = '/etc/dnf/dnf.conf') => ({ path, text });

describe('installonlypkgs as dnf and yum read it', () => {
  it('dnf: absent is the default; a value is added to it; an empty value or a leading comma clears it', () => {
    expect(configuredInstallOnly(file('[main]\ngpgcheck=1\n'), 'dnf')).toEqual({ value: DEFAULT_INSTALLONLY, source: 'dnf default' });
    expect(configuredInstallOnly(file('[main]\ninstallonlypkgs=kernel-uek\n'), 'dnf')).toEqual({ value: [...DEFAULT_INSTALLONLY, 'kernel-uek'], source: '/etc/dnf/dnf.conf:2' });
    expect(configuredInstallOnly(file('[main]\ninstallonlypkgs=\n'), 'dnf').value).toEqual([]);
    expect(configuredInstallOnly(file('[main]\ninstallonlypkgs=,kernel-uek\n'), 'dnf').value).toEqual(['kernel-uek']);
  });

  it('yum: a value replaces the default', () => {
    expect(configuredInstallOnly(file('[main]\ninstallonlypkgs=kernel-core kernel-uek\n', '/etc/yum.conf'), 'yum'))
      .toEqual({ value: ['kernel-core', 'kernel-uek'], source: '/etc/yum.conf:2, yum: replaces its default' });
  });

  it('a file dnf cannot read is a ConfigError naming the line', () => {
    expect(() => configuredInstallOnly(file('[main\n'), 'dnf')).toThrow(ConfigError);
  });
});

describe("saferpm's install-only list", () => {
  it('is the default plus what the configuration names plus installonly_extra, whatever the configuration removed', () => {
    expect(installOnlyList({ value: [], source: '/etc/dnf/dnf.conf:2' })).toEqual({ names: DEFAULT_INSTALLONLY, source: 'dnf default + installonlypkgs (/etc/dnf/dnf.conf:2)' });
    expect(installOnlyList({ value: ['kernel-core'], source: 'x' }, ['kernel-rt'])).toEqual({
      names: [...DEFAULT_INSTALLONLY, 'kernel-core', 'kernel-rt'],
      source: 'dnf default + installonlypkgs (x) + saferpm policy installonly_extra',
    });
    expect(installOnlyList({ value: [...DEFAULT_INSTALLONLY], source: 'dnf default' }).source).toBe('dnf default');
  });
});
