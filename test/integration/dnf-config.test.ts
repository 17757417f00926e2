/**
 * Configuration that removes dnf's kernel protection, with the real dnf on a
 * temporary --installroot whose /etc/dnf/dnf.conf says it: refused or warned
 * as docs/dnf.md says, and nothing changed when refused.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnf, dnfOptions, installedRoot, v1AndAllRepos } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { installed, saferpm, tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { treeFingerprint } from '../helpers/tree.js';

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf and the kernel configuration', () => {
  const repos = v1AndAllRepos();

  async function rootWithV1(dnfConf?: string): Promise<string> {
    const root = tempRoot();
    const r = await dnf([...dnfOptions(root, repos.v1), '-y', '-q', 'install', 'kernel', 'openssh-server']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    if (dnfConf !== undefined) {
      mkdirSync(path.join(root, 'etc/dnf'), { recursive: true });
      writeFileSync(path.join(root, 'etc/dnf/dnf.conf'), dnfConf);
    }
    return root;
  }

  const upgrade = (root: string, ...more: string[]) => saferpm(['dnf', ...dnfOptions(root, repos.all), 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1'), ...more]);

  it('installonlypkgs cleared: dnf would upgrade the only kernel in place; refused (79), nothing changed', async () => {
    const root = await rootWithV1('[main]\ninstallonlypkgs=\n');
    const db = treeFingerprint(path.join(root, 'var/lib/rpm'));
    const r = await upgrade(root);
    expect(r.exitCode).toBe(79);
    expect(r.stderr).toContain(`WARNING: installonlypkgs (${root}/etc/dnf/dnf.conf:2) lacks kernel, kernel-PAE, installonlypkg(kernel)`);
    expect(r.stderr).toContain(`saferpm: error: the transaction erases kernel-${kuname('v1')}, kernel-core-${kuname('v1')}, kernel-modules-${kuname('v1')} and leaves only ${kuname('v3')}`);
    expect(r.stderr).toContain('hint: if this is intended, add --saferpm-allow-fewer-kernels');
    expect(treeFingerprint(path.join(root, 'var/lib/rpm'))).toEqual(db);
  });

  it('... and with --saferpm-allow-fewer-kernels it runs, the refusal kept as a warning in the record', async () => {
    const root = await rootWithV1('[main]\ninstallonlypkgs=\n');
    const report = path.join(tempDir(), 'r.json');
    const r = await upgrade(root, '--saferpm-allow-fewer-kernels', '--saferpm-report', report);
    expect(r.exitCode, r.stderr).toBe(80); // the running kernel is gone: the boot check says do not reboot
    expect(r.stderr).toContain('The running (known-good) kernel keeps a working entry');
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core'))).toEqual([`kernel-core-${kuname('v3')}`]);
    const record = JSON.parse(readFileSync(report, 'utf8'));
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 80, boot: { safe: false } });
    expect(record.warnings.some((w: string) => w.startsWith(`the transaction erases kernel-${kuname('v1')}`))).toBe(true);
  });

  it('installonly_limit=1 in dnf.conf: dnf rejects the value and keeps 3; saferpm warns and the kernels stay', async () => {
    const root = await rootWithV1('[main]\ninstallonly_limit=1\n');
    const r = await upgrade(root);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`WARNING: ${root}/etc/dnf/dnf.conf:2: installonly_limit=1 is rejected by dnf (value 1 is not allowed); dnf keeps 3 (dnf default)`);
    expect(r.stderr).toContain('Invalid configuration value: installonly_limit=1'); // dnf's own warning, live
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core'))).toEqual([`kernel-core-${kuname('v1')}`, `kernel-core-${kuname('v3')}`]);
  });

  it('installonly_limit=1 on the command line: dnf itself refuses; its error and exit code pass through', async () => {
    const root = await rootWithV1();
    const r = await upgrade(root, '--setopt=installonly_limit=1');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("Config error: Error parsing --setopt with key 'installonly_limit', value '1': value 1 is not allowed");
  });

  it('exclude=kernel* hides new kernels: warned with the line; userland is upgraded, kernels are not', async () => {
    const root = await rootWithV1('[main]\nexclude=kernel*\n');
    const r = await upgrade(root);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`WARNING: exclude 'kernel*' (${root}/etc/dnf/dnf.conf:2) hides kernel, kernel-core, kernel-modules from dnf`);
    const after = await installed(root);
    expect(after.filter((p) => p.startsWith('kernel-core'))).toEqual([`kernel-core-${kuname('v1')}`]);
    expect(after).toContain('openssh-server-3.0-1.noarch');
  });

  it('a versionlock on the kernel and protect_running_kernel=False are warned (plugin configuration from --setopt=pluginconfpath, a host path as in dnf)', async () => {
    const root = await rootWithV1('[main]\nprotect_running_kernel=False\n');
    const plugins = tempDir('saferpm-plugins-');
    writeFileSync(path.join(plugins, 'versionlock.conf'), `[main]\nenabled=1\nlocklist=${plugins}/versionlock.list\n`);
    writeFileSync(path.join(plugins, 'versionlock.list'), '# Added lock\nkernel-core-0:6.1.10-1.*\n');
    const r = await saferpm(['dnf', ...dnfOptions(root, repos.all), `--setopt=pluginconfpath=${plugins}`, 'upgrade', '--saferpm-dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`WARNING: versionlock (${plugins}/versionlock.list:2) locks kernel-core to 0:6.1.10-1.*: dnf hides every other version of kernel-core`);
    expect(r.stdout).toContain(`WARNING: protect_running_kernel=False (${root}/etc/dnf/dnf.conf:2): dnf may erase the running kernel`);
  });

  it('removing the kernel of a one-kernel machine is refused; the running kernel is named when it would go', async () => {
    const root = await rootWithV1();
    const r = await saferpm(['dnf', ...dnfOptions(root, repos.all), 'remove', '-y', 'kernel-core', '--saferpm-running-kernel', kuname('v1')]);
    expect(r.exitCode).toBe(79);
    expect(r.stderr).toContain('and leaves no kernel: nothing to fall back to');
    expect(r.stderr).toContain(`the transaction erases the running kernel ${kuname('v1')}`);
    expect((await installed(root)).filter((p) => p.startsWith('kernel-core'))).toEqual([`kernel-core-${kuname('v1')}`]);
  });
});
