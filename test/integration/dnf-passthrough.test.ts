/**
 * Commands that change no package behave exactly as plain dnf: the same
 * standard output byte for byte and the same exit code (check-update: 100
 * when updates exist). dnf reads its metadata cache (-C) so that no download
 * speed line makes two runs differ; the one line dnf derives from the clock,
 * "Last metadata expiration check: 0:00:01 ago on ..." (printed only when the
 * age is not 0 seconds, dnf/base.py), is dropped from both.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnf, dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { saferpm, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { treeFingerprint } from '../helpers/tree.js';

const clockless = (text: unknown): string => String(text).replace(/^Last metadata expiration check: .*\n/m, '');

describe.runIf(needTools('dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('read-only dnf commands pass straight through', () => {
  let v1Repo: string;
  let allRepo: string;
  let root: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2'])]);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function cachedRoot(): Promise<string[]> {
    root = tempRoot();
    expect((await dnf([...dnfOptions(root, v1Repo), '-y', '-q', 'install', 'kernel', 'openssh-server'])).exitCode).toBe(0);
    const opts = dnfOptions(root, allRepo);
    expect((await dnf([...opts, 'makecache'])).exitCode).toBe(0);
    return [...opts, '-C'];
  }

  it('check-update: same output, exit 100 (updates exist)', async () => {
    const opts = await cachedRoot();
    const plain = await dnf([...opts, 'check-update']);
    const wrapped = await saferpm(['dnf', ...opts, 'check-update']);
    expect(plain.exitCode).toBe(100);
    expect(wrapped.exitCode).toBe(100);
    expect(clockless(wrapped.stdout)).toBe(clockless(plain.stdout));
    expect(wrapped.stdout).toContain('openssh-server.noarch');
    expect(clockless(wrapped.stderr)).toBe(clockless(plain.stderr));
  });

  it('list, info, repoquery and history list: same output and exit code; nothing written under the root', async () => {
    const opts = await cachedRoot();
    const before = treeFingerprint(path.join(root, 'var/lib/rpm'));
    for (const cmd of [['list', '--installed'], ['info', 'kernel-core'], ['repoquery', '--qf', '%{name}-%{evr}', 'kernel*'], ['history', 'list'], ['--version']]) {
      const plain = await dnf([...opts, ...cmd]);
      const wrapped = await saferpm(['dnf', ...opts, ...cmd]);
      expect([wrapped.exitCode, clockless(wrapped.stdout)], cmd.join(' ')).toEqual([plain.exitCode, clockless(plain.stdout)]);
    }
    expect(treeFingerprint(path.join(root, 'var/lib/rpm'))).toEqual(before);
    expect(existsSync(path.join(root, 'var/lib/saferpm'))).toBe(false);
  });

  // Debian's and Fedora's dnf ship /etc/dnf/aliases.d/zypper.conf (dup = distro-sync, ri = reinstall, ref = makecache)
  it.runIf(existsSync('/etc/dnf/aliases.d/zypper.conf'))('host aliases: dup is a distro-sync transaction (planned), ref is read-only (passed through)', async () => {
    const opts = await cachedRoot();
    const dup = await saferpm(['dnf', ...opts, 'dup', '--saferpm-dry-run']);
    expect(dup.exitCode, dup.stderr).toBe(0);
    expect(dup.stdout).toContain('Plan (dry run: nothing is changed) for dnf distro-sync');
    expect(dup.stdout).toMatch(/Command: \/usr\/bin\/dnf .* dup {2}\(dry run/);
    const ref = await saferpm(['dnf', ...opts, 'ref', '--saferpm-dry-run']);
    expect(ref.stdout).toContain('dnf makecache changes no installed package');
  });

  it('a command saferpm does not know is refused (79) unless --saferpm-allow-unresolved', async () => {
    const opts = await cachedRoot();
    const r = await saferpm(['dnf', ...opts, 'system-upgrade', 'download', '--releasever=10']);
    expect(r.exitCode).toBe(79);
    expect(r.stderr).toContain("'dnf system-upgrade' is not a command saferpm knows, so it cannot tell which packages it changes; nothing was run");
    expect(r.stderr).toContain('hint: run it with plain dnf, or add --saferpm-allow-unresolved');
  });
});
