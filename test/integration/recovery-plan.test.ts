import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { FIXTURES } from '../helpers/paths.js';
import { saferpm, tempRoot } from '../helpers/roots.js';

const planIn = (root: string): string => path.join(root, 'etc/saferpm/plan.toml');

function withPlan(fixture: string): string {
  const root = tempRoot();
  mkdirSync(path.join(root, 'etc/saferpm'));
  copyFileSync(path.join(FIXTURES, 'recovery/plans', fixture), planIn(root));
  chmodSync(planIn(root), 0o644);
  return root;
}

describe('saferpm plan init', () => {
  it('writes the commented template, then refuses to overwrite it without --force', async () => {
    const root = tempRoot();
    const first = await saferpm(['plan', 'init', '--root', root]);
    expect(first.exitCode).toBe(EXIT.OK);
    expect(first.stdout).toBe(`wrote ${planIn(root)}`);
    expect(readFileSync(planIn(root), 'utf8')).toMatch(/^\[contacts\.primary\]$/m);
    expect(statSync(planIn(root)).mode & 0o777).toBe(0o644);

    const again = await saferpm(['plan', 'init', '--root', root]);
    expect(again.exitCode).toBe(EXIT.CANTCREAT);
    expect(again.stderr).toContain(`${planIn(root)}: a plan already exists; not overwritten`);
    expect(again.stderr).toContain(`saferpm plan init --force --root ${root}`);

    const forced = await saferpm(['plan', 'init', '--root', root, '--force']);
    expect(forced.exitCode).toBe(EXIT.OK);
  });
});

describe('saferpm plan check', () => {
  it('says the template is valid and lists what is still missing', async () => {
    const root = tempRoot();
    await saferpm(['plan', 'init', '--root', root]);
    const r = await saferpm(['plan', 'check', '--root', root]);
    expect(r.exitCode).toBe(EXIT.OK);
    expect(r.stdout).toContain(`${planIn(root)}: valid`);
    expect(r.stdout).toContain('  - no backup contact: [contacts.backup] name, phone, email');
    expect(r.stdout).toContain('  - no test system recorded: [testing] host');
  });

  it('a complete plan is valid with nothing missing', async () => {
    const r = await saferpm(['plan', 'check', '--root', withPlan('complete.toml')]);
    expect(r.exitCode).toBe(EXIT.OK);
    expect(r.stdout).not.toContain('still missing');
  });

  it('an invalid plan exits 78 with file, line and what is wrong', async () => {
    const root = withPlan('typo-in-policy-key.toml');
    const r = await saferpm(['plan', 'check', '--root', root]);
    expect(r.exitCode).toBe(EXIT.CONFIG);
    expect(r.stderr).toContain(`saferpm: error: ${planIn(root)}:7: [policy] keep_kernel: unknown key 'keep_kernel'; did you mean 'keep_kernels'?`);
    expect(r.stderr).toContain('2 problems;');
  });

  it('no plan: exit 66 and how to write one', async () => {
    const r = await saferpm(['plan', 'check', '--root', tempRoot()]);
    expect(r.exitCode).toBe(EXIT.NOINPUT);
    expect(r.stderr).toContain('no patch plan on this machine');
    expect(r.stderr).toContain("hint: write the template with 'saferpm plan init --root");
  });

  it('a plan others can write is refused: it names commands saferpm runs as root', async () => {
    const root = withPlan('complete.toml');
    chmodSync(planIn(root), 0o666);
    const r = await saferpm(['plan', 'check', '--root', root]);
    expect(r.exitCode).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`hint: chmod 644 ${planIn(root)}`);
  });
});
