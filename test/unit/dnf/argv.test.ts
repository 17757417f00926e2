/** dnf's command line: the command word among general options, saferpm's options taken out. */
import { describe, expect, it } from 'vitest';
import { parseDnfArgs } from '../../../src/dnf/cli/argv.js';
import { classifyCommand } from '../../../src/dnf/cli/commands.js';
import { UsageError } from '../../../src/errors.js';

describe('parseDnfArgs', () => {
  it('finds the command after options that take values, in every spelling dnf accepts', () => {
    const cl = parseDnfArgs('dnf', ['-c', '/tmp/dnf.conf', '--installroot=/mnt/sysimage', '--releasever', '9', '-yq', '-d3', '--setopt=installonly_limit=2', 'update', '-x', 'kernel*', 'bash']);
    expect(cl.command).toBe('update');
    expect(cl.operands).toEqual(['bash']);
    expect(cl.globals).toMatchObject({
      config: '/tmp/dnf.conf', installroot: '/mnt/sysimage', releasever: '9', assumeyes: true,
      setopts: [{ key: 'installonly_limit', value: '2' }], excludes: ['kernel*'],
    });
  });

  it('accepts unique prefixes of long options as argparse does (--installr), not ambiguous ones (--excl)', () => {
    expect(parseDnfArgs('dnf', ['--installr', '/r', 'list']).globals.installroot).toBe('/r');
    const ambiguous = parseDnfArgs('dnf', ['--excl', 'kernel', 'list']);
    expect(ambiguous.globals.excludes).toEqual([]);
    expect(ambiguous.command).toBe('kernel'); // as dnf would read it: "No such command: kernel"
  });

  it('-yc FILE: a value-taking short option at the end of a cluster takes the next word', () => {
    const cl = parseDnfArgs('yum', ['-yc', 'my.conf', 'upgrade']);
    expect(cl.globals).toMatchObject({ assumeyes: true, config: 'my.conf' });
    expect(cl.command).toBe('upgrade');
  });

  it('repository setopts keep the repository (before the last dot of the key); bad ones are ignored like dnf does', () => {
    const cl = parseDnfArgs('dnf', ['--setopt=updates.testing.excludepkgs=kernel*', '--setopt=a=b=c', '--setopt', 'noequals', 'list']);
    expect(cl.globals.setopts).toEqual([{ repo: 'updates.testing', key: 'excludepkgs', value: 'kernel*' }]);
  });

  it('-x splits at commas and spaces; a first empty item is kept (it clears the configured list)', () => {
    expect(parseDnfArgs('dnf', ['-x', 'kernel*, glibc', 'upgrade']).globals.excludes).toEqual(['kernel*', 'glibc']);
    expect(parseDnfArgs('dnf', ['--exclude=', 'upgrade']).globals.excludes).toEqual(['']);
  });

  it('takes out --saferpm-* options (and their values) wherever they are; dnf gets the rest unchanged', () => {
    const argv = ['--saferpm-dry-run', 'upgrade', '-y', '--saferpm-report', '/tmp/r.json', '--saferpm-running-kernel=6.1.10-1.x86_64', 'kernel'];
    const cl = parseDnfArgs('dnf', argv);
    expect(cl.args).toEqual(['upgrade', '-y', 'kernel']);
    expect(cl.saferpm).toEqual({ dryRun: true, report: '/tmp/r.json', runningKernel: '6.1.10-1.x86_64' });
  });

  it('after --, nothing is an option', () => {
    const cl = parseDnfArgs('dnf', ['install', '--', '--saferpm-dry-run', '-y']);
    expect(cl.operands).toEqual(['--saferpm-dry-run', '-y']);
    expect(cl.saferpm).toEqual({});
    expect(cl.globals.assumeyes).toBe(false);
  });

  it('an unknown --saferpm- option is a usage error naming the known ones', () => {
    expect(() => parseDnfArgs('dnf', ['--saferpm-keep-kernels', '3', 'upgrade'])).toThrow(UsageError);
    expect(() => parseDnfArgs('dnf', ['--saferpm-report'])).toThrow(/needs a file name/);
    expect(() => parseDnfArgs('dnf', ['--saferpm-dry-run=yes'])).toThrow(/takes no value/);
  });
});

describe('classifyCommand', () => {
  const kind = (...words: string[]): string => {
    const cl = parseDnfArgs('dnf', words);
    const c = classifyCommand(cl.command, cl.operands);
    return `${c.kind} ${c.canonical}`;
  };

  it('transaction commands and their aliases', () => {
    expect(kind('update', 'bash')).toBe('transaction upgrade');
    expect(kind('up')).toBe('transaction upgrade');
    expect(kind('update-minimal')).toBe('transaction upgrade-minimal');
    expect(kind('erase', 'bash')).toBe('transaction remove');
    expect(kind('localinstall', 'x.rpm')).toBe('transaction install');
    expect(kind('dsync')).toBe('transaction distro-sync');
    expect(kind('history', 'undo', 'last')).toBe('transaction history undo');
    expect(kind('group', 'install', 'Core')).toBe('transaction group install');
    expect(kind('module', 'install', 'perl:5.30')).toBe('transaction module install');
    expect(kind('repo-pkgs', 'updates', 'upgrade')).toBe('transaction repository-packages upgrade');
  });

  it('read-only commands', () => {
    expect(kind('check-update')).toBe('read-only check-update');
    expect(kind('list', 'installed')).toBe('read-only list');
    expect(kind('history')).toBe('read-only history');
    expect(kind('history', '3')).toBe('read-only history list');
    expect(kind('history', 'info', 'last')).toBe('read-only history info');
    expect(kind('module', 'enable', 'perl:5.30')).toBe('read-only module enable');
    expect(kind('--version')).toBe('read-only ');
  });

  it('unknown commands (plugins saferpm does not know)', () => {
    expect(kind('system-upgrade', 'download')).toBe('unknown system-upgrade');
    expect(kind('group', 'frobnicate')).toBe('unknown group frobnicate');
  });
});
