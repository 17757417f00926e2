import { describe, expect, it } from 'vitest';
import { buildRpmArgs, parseRpmArgs, passthroughArgv } from '../../../src/rpm/argv.js';
import { UsageError } from '../../../src/errors.js';

describe("rpm's command line", () => {
  it('finds the mode in a cluster and keeps every other option in order', () => {
    const cl = parseRpmArgs(['-Uvh', '--root', '/r', '--define', '_dbpath /x', '--nodeps', 'a.rpm', '--oldpackage', 'b.rpm']);
    expect(cl.mode).toBe('upgrade');
    expect(cl.packages).toEqual(['a.rpm', 'b.rpm']);
    expect(cl.root).toBe('/r');
    expect(cl.globalArgs).toEqual(['--root', '/r', '--define', '_dbpath /x']);
    expect([...cl.flags]).toEqual(expect.arrayContaining(['verbose', 'hash', 'nodeps', 'oldpackage', 'root', 'define']));
    expect(buildRpmArgs(cl, 'install', ['/k.rpm'])).toEqual(['-ivh', '--root', '/r', '--define', '_dbpath /x', '--nodeps', '--oldpackage', '--', '/k.rpm']);
    expect(buildRpmArgs(cl, 'upgrade', ['/a.rpm'])).toEqual(['-Uvh', '--root', '/r', '--define', '_dbpath /x', '--nodeps', '--oldpackage', '--', '/a.rpm']);
  });

  it('reads long modes, --opt=value forms and -r/-D values', () => {
    const cl = parseRpmArgs(['--upgrade', '--root=/r', '-D', 'a b', '-r', '/s', '--relocate', '/a=/b', 'x.rpm']);
    expect(cl.mode).toBe('upgrade');
    expect(cl.root).toBe('/s');
    expect(cl.globalArgs).toEqual(['--root=/r', '-D', 'a b', '-r', '/s']);
    expect(cl.packages).toEqual(['x.rpm']);
    expect(buildRpmArgs(cl, 'install', ['/x.rpm'])).toEqual(['-i', '--root=/r', '-D', 'a b', '-r', '/s', '--relocate', '/a=/b', '--', '/x.rpm']);
  });

  it('takes everything after -- as a package, even names that look like options', () => {
    const cl = parseRpmArgs(['-ivh', '--', '-e', '--eval=x']);
    expect(cl.packages).toEqual(['-e', '--eval=x']);
    expect(cl.mode).toBe('install');
  });

  it('treats ./-e as a package file, not an option', () => {
    expect(parseRpmArgs(['-U', './-e']).packages).toEqual(['./-e']);
  });

  it('reads -qi as query (i means --info there) and -e as erase', () => {
    expect(parseRpmArgs(['-qi', 'bash']).mode).toBe('query');
    expect(parseRpmArgs(['-iq', 'bash']).mode).toBe('query');
    expect(parseRpmArgs(['-e', '--nodeps', 'kernel-core']).mode).toBe('erase');
    expect(parseRpmArgs(['-Va']).mode).toBe('verify');
    expect(parseRpmArgs(['--import', 'key']).mode).toBe('other');
  });

  it('refuses two install modes at once', () => {
    expect(() => parseRpmArgs(['-U', '-i', 'a.rpm'])).toThrow(UsageError);
  });

  it("keeps saferpm's own options away from rpm, except --changelog in query mode", () => {
    const cl = parseRpmArgs(['-Uvh', '--dry-run', '--report', 'r.json', '--keep-kernels=3', '--running-kernel', '6.1.10-1.x86_64', 'a.rpm']);
    expect(cl.saferpm).toEqual({ dryRun: true, report: 'r.json', keepKernels: 3, runningKernel: '6.1.10-1.x86_64' });
    expect(buildRpmArgs(cl, 'upgrade', ['a.rpm'])).toEqual(['-Uvh', '--', 'a.rpm']);
    const q = parseRpmArgs(['-qp', '--changelog', 'a.rpm', '--running-kernel', '6.1']);
    expect(passthroughArgv(q)).toEqual(['-qp', '--changelog', 'a.rpm']);
    expect(q.saferpm.changelog).toBeUndefined();
  });

  it('rejects bad saferpm option values with a clear message', () => {
    expect(() => parseRpmArgs(['-U', '--keep-kernels', '1', 'a.rpm'])).toThrow(/no kernel to fall back to/);
    expect(() => parseRpmArgs(['-U', '--keep-kernels', 'x', 'a.rpm'])).toThrow(/whole number/);
    expect(() => parseRpmArgs(['-U', '--report'])).toThrow(/needs a value/);
  });
});
