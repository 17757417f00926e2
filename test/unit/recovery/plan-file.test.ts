import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXIT } from '../../../src/errors.js';
import { checkPlanText, parsePlanText } from '../../../src/recovery/patch-plan/file.js';
import { missingFromPlan } from '../../../src/recovery/patch-plan/missing.js';
import { DEFAULT_POLICY, effectivePolicy, isBootCritical } from '../../../src/recovery/patch-plan/model.js';
import { planTemplate } from '../../../src/recovery/patch-plan/template.js';
import { FIXTURES } from '../../helpers/paths.js';

const plan = (name: string): string => readFileSync(path.join(FIXTURES, 'recovery/plans', name), 'utf8');

describe('plan file: a complete plan', () => {
  const p = parsePlanText(plan('complete.toml'));

  it('reads the contacts, owners and sources', () => {
    expect(p.contacts.primary).toEqual({ name: 'Alice Admin', phone: '+1 555 0100', email: 'alice@example.com' });
    expect(p.contacts.backup?.name).toBe('Bob Backup');
    expect(p.contacts.owners.map((o) => `${o.service}:${o.name}`)).toEqual(['postgresql:Dana Developer', 'httpd:Erin Web']);
    expect(p.sources.kernel).toEqual(['rhsa-announce@redhat.com', 'https://access.redhat.com/security/security-updates']);
    expect(p.sources.postgresql).toEqual(['https://www.postgresql.org/support/security/']);
  });

  it('reads recovery and testing; a TOML date becomes YYYY-MM-DD', () => {
    expect(p.recovery.backupLocation).toBe('backup01:/srv/backups/db01');
    expect(p.recovery.backupProcedure).toContain('Relax-and-Recover');
    expect(p.testing).toEqual({ host: 'db-test01.example.com', date: '2026-11-20', notes: 'Ran the regression suite for 2 days.' });
  });

  it('reads the policy over the defaults', () => {
    const policy = effectivePolicy(p);
    expect(policy.keepKernels).toBe(3);
    expect(policy.requireStandby).toBe(true);
    expect(policy.rebootCommand).toEqual(['/usr/sbin/shutdown', '-r', '+1', 'saferpm: patch reboot']);
    expect(policy.installonlyExtra).toEqual(['kmod-nvidia']);
    expect(policy.standbyDirs).toEqual(['/srv/standby']);
    expect(policy.integrityCommand).toEqual(['aide', '--check']);
    expect(policy.mailNote).toBe(true);
    expect(isBootCritical('my-initramfs-hook', policy)).toBe(true);
    expect(isBootCritical('systemd', policy)).toBe(false); // the plan's list replaces the default
  });

  it('lists nothing missing', () => {
    expect(missingFromPlan(p)).toEqual([]);
  });
});

describe('plan file: problems with file and line', () => {
  it('an unknown key gets its line and a did-you-mean', () => {
    const { problems } = checkPlanText(plan('typo-in-policy-key.toml'));
    expect(problems).toContainEqual({ line: 7, message: "[policy] keep_kernel: unknown key 'keep_kernel'; did you mean 'keep_kernels'?" });
    expect(problems).toContainEqual({ line: 9, message: "[recovry]: unknown key 'recovry'; did you mean 'recovery'?" });
  });

  it('values of the wrong type are named with their line', () => {
    const lines = checkPlanText(plan('wrong-types.toml')).problems.map((p) => `${p.line}: ${p.message}`);
    expect(lines).toEqual([
      "9: [contacts.primary] email: 'not-an-address' is not an e-mail address",
      '3: [policy] keep_kernels: must be a whole number, found the string "3"',
      '4: [policy] require_standby: must be true or false (no quotes), found the string "yes"',
      '5: [policy] reboot_command: must be an array of arguments in quotes, e.g. ["a", "b"], found the string "systemctl reboot"',
      "6: [policy] standby_dirs: 'srv/standby' is not an absolute path (start it with /)",
    ]);
  });

  it('keep_kernels = 1 is refused as dnf refuses installonly_limit=1', () => {
    expect(() => parsePlanText(plan('keep-one-kernel.toml'), '/etc/saferpm/plan.toml')).toThrow(
      '/etc/saferpm/plan.toml:3: [policy] keep_kernels: must be 0 (keep all) or 2 or more, found 1',
    );
  });

  it('a TOML syntax error is a ConfigError with the line (exit 78)', () => {
    let error: unknown;
    try {
      parsePlanText(plan('broken-toml-syntax.toml'), '/etc/saferpm/plan.toml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).line).toBe(4);
    expect((error as ConfigError).exitCode).toBe(EXIT.CONFIG);
    expect((error as ConfigError).message).toMatch(/^\/etc\/saferpm\/plan\.toml:4: not valid TOML: /);
  });

  it('an owner without a service is named by its position', () => {
    const { problems } = checkPlanText(plan('owner-without-service.toml'));
    expect(problems).toEqual([{ line: 6, message: '[[contacts.owners]] #2 service: is missing: name the service, e.g. service = "postgresql"' }]);
  });

  it('the first of several problems is thrown with how many more there are', () => {
    expect(() => parsePlanText(plan('wrong-types.toml'))).toThrow("(and 4 more; run 'saferpm plan check')");
  });
});

describe('plan template', () => {
  const check = checkPlanText(planTemplate());

  it('is a valid plan whose policy is the default policy', () => {
    expect(check.problems).toEqual([]);
    expect(effectivePolicy(check.plan)).toEqual({ ...DEFAULT_POLICY });
  });

  it('leaves the people and procedures to fill in', () => {
    const missing = missingFromPlan(check.plan!);
    expect(missing).toContain('no backup contact: [contacts.backup] name, phone, email');
    expect(missing).toContain('no test system recorded: [testing] host');
    expect(missing).toContain('no backup procedure: [recovery] backup_procedure');
  });

  it('explains every default boot-critical pattern on its own line', () => {
    for (const name of DEFAULT_POLICY.bootCritical) expect(planTemplate()).toMatch(new RegExp(`^  "${name.replace(/[*?]/g, '\\$&')}", +# \\S`, 'm'));
    expect(planTemplate().split('\n').every((l) => l.length <= 80)).toBe(true);
  });
});

describe('boot-critical patterns', () => {
  const policy = effectivePolicy();
  it.each([
    ['kernel-core', true], ['kernel', true], ['glibc', true], ['glibc-common', false], ['grub2-tools', true],
    ['shim-x64', true], ['selinux-policy-targeted', true], ['openssh-server', false], ['systemd-libs', false],
  ])('%s -> %s', (name, want) => {
    expect(isBootCritical(name, policy)).toBe(want);
  });
});
