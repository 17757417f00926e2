/**
 * Going back after an upgrade that installed a kernel: 'dnf history undo
 * last' erases that kernel and leaves only the one installed before. When
 * that one is the running kernel (it booted this machine) the undo is
 * allowed, with a warning in the record; when the running kernel is the one
 * the undo erases, it is refused. Other commands that leave only the running
 * kernel are refused, and --saferpm-allow-only-running-kernel lets them run
 * without allowing the running kernel to be erased (which only the broader
 * --saferpm-allow-fewer-kernels does). The real dnf on a temporary
 * --installroot; the upgrade undone is plain dnf's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnf, dnfOptions, installedRoot, v1AndAllRepos } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { installed, saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const kernels = (list: string[]) => list.filter((p) => /^kernel(-core|-modules)?-\d/.test(p));

function records(root: string): Record<string, any>[] {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  return readdirSync(dir).sort().map((id) => JSON.parse(readFileSync(path.join(dir, id, 'record.json'), 'utf8')));
}

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf history undo and the kernels', () => {
  const repos = v1AndAllRepos();

  /** v1 installed, then plain 'dnf upgrade' installs kernel v3 beside it. */
  async function upgradedRoot(): Promise<string> {
    const root = tempRoot();
    for (const [repo, args] of [[repos.v1, ['install', 'kernel', 'openssh-server']], [repos.all, ['upgrade']]] as const) {
      const r = await dnf([...dnfOptions(root, repo), '-y', '-q', ...args]);
      expect(r.exitCode, String(r.stderr)).toBe(0);
    }
    expect(kernels(await installed(root))).toHaveLength(6);
    return root;
  }

  const sd = (root: string, ...args: string[]) => saferpm(['dnf', ...dnfOptions(root, repos.all), ...args]);

  it('undo back to the kernel installed before, which is the running one: carried out, the warning in the record', async () => {
    const root = await upgradedRoot();
    const r = await sd(root, 'history', 'undo', 'last', '-y', '--saferpm-running-kernel', kuname('v1'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`WARNING: 'history undo' erases kernel-${kuname('v3')}`);
    expect(r.stderr).toContain(`only the running kernel ${kuname('v1')} stays, which booted this machine`);
    expect(kernels(await installed(root))).toEqual([`kernel-${kuname('v1')}`, `kernel-core-${kuname('v1')}`, `kernel-modules-${kuname('v1')}`]);
    const record = records(root)[0] as Record<string, any>;
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 0, boot: { safe: true } });
    expect(record.warnings.join('\n')).toContain('goes back to the kernels installed before');
  });

  it('undo while running the kernel it would erase: refused (79), nothing changed', async () => {
    const root = await upgradedRoot();
    const before = await installed(root);
    const r = await sd(root, 'history', 'undo', 'last', '-y', '--saferpm-running-kernel', kuname('v3'));
    expect(r.exitCode).toBe(79);
    expect(r.stderr).toContain(`the transaction erases the running kernel ${kuname('v3')}`);
    expect(r.stderr).toContain('hint: if this is intended, add --saferpm-allow-fewer-kernels');
    const narrow = await sd(root, 'history', 'undo', 'last', '-y', '--saferpm-running-kernel', kuname('v3'), '--saferpm-allow-only-running-kernel');
    expect(narrow.exitCode, 'the narrow override never allows erasing the running kernel').toBe(79);
    expect(await installed(root)).toEqual(before);
  });

  it('remove of the newer kernel, leaving only the running one: refused with the narrow override named; with it, carried out', async () => {
    const root = await upgradedRoot();
    const before = await installed(root);
    const args = ['remove', '-y', `kernel-core-${kuname('v3')}`, '--saferpm-running-kernel', kuname('v1')];
    const refused = await sd(root, ...args);
    expect(refused.exitCode).toBe(79);
    expect(refused.stderr).toContain(`leaves only ${kuname('v1')} (the running kernel): nothing to fall back to if it does not boot again`);
    expect(refused.stderr).toContain('hint: if this is intended, add --saferpm-allow-only-running-kernel');
    expect(await installed(root)).toEqual(before);
    const r = await sd(root, ...args, '--saferpm-allow-only-running-kernel');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(kernels(await installed(root))).toEqual([`kernel-${kuname('v1')}`, `kernel-core-${kuname('v1')}`, `kernel-modules-${kuname('v1')}`]);
  });
});
