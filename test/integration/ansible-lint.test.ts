/**
 * contrib/ansible as Ansible itself and ansible-lint see it: the playbook
 * passes `ansible-playbook --syntax-check`, the role passes ansible-lint's
 * production profile (Debian bookworm's ansible-lint 6.13; see
 * contrib/ansible/.ansible-lint for why patch.yml is left to the syntax
 * check), and the role's argument specification refuses a wrong variable
 * before any task runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const CONTRIB = path.join(REPO, 'contrib/ansible');
const PLAYBOOK = path.join(CONTRIB, 'patch.yml');

function ansibleEnv(dir: string): Record<string, string> {
  return {
    ANSIBLE_NOCOLOR: '1',
    NO_COLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_LOCAL_TEMP: path.join(dir, '.ansible-local'),
    ANSIBLE_REMOTE_TEMP: path.join(dir, '.ansible-remote'),
    ANSIBLE_CONFIG: path.join(dir, 'no-ansible.cfg'),
  };
}

describe.runIf(needTools('ansible-playbook'))('contrib/ansible/patch.yml', () => {
  it('passes ansible-playbook --syntax-check, and the check can fail', async () => {
    const dir = tempDir('saferpm-ansible-syntax-');
    const r = await execa('ansible-playbook', ['--syntax-check', '-i', 'localhost,', PLAYBOOK], { reject: false, cwd: dir, env: ansibleEnv(dir) });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(String(r.stdout)).toContain('playbook: ');
    // The same check on a play that names a task keyword the role does not know fails.
    const broken = path.join(dir, 'broken.yml');
    writeFileSync(broken, `- hosts: all\n  roles:\n    - role: ${path.join(CONTRIB, 'roles/saferpm_patch')}\n  tasks:\n    - ansible.builtin.debug:\n        msg: x\n      no_such_keyword: 1\n`);
    const bad = await execa('ansible-playbook', ['--syntax-check', '-i', 'localhost,', broken], { reject: false, cwd: dir, env: ansibleEnv(dir) });
    expect(bad.exitCode).not.toBe(0);
  }, 120_000);

  it('refuses a wrong variable before touching a host (meta/argument_specs.yml)', async () => {
    const dir = tempDir('saferpm-ansible-args-');
    const inventory = path.join(dir, 'inventory.yml');
    mkdirSync(path.join(dir, 'root'));
    writeFileSync(inventory, JSON.stringify({ all: { children: { saferpm_fleet: { hosts: { h1: { ansible_connection: 'local', ansible_python_interpreter: '{{ ansible_playbook_python }}' } } } } } }));
    const r = await execa('ansible-playbook', ['-i', inventory, PLAYBOOK, '-e', JSON.stringify({ saferpm_become: false, saferpm_method: 'yum', saferpm_root: path.join(dir, 'root'), saferpm_command: ['false'] })], { reject: false, cwd: dir, env: ansibleEnv(dir) });
    expect(r.exitCode).not.toBe(0);
    const said = `${r.stdout}\n${r.stderr}`;
    expect(said).toContain("TASK [saferpm_patch : Validating arguments against arg spec 'main'");
    expect(said).toMatch(/saferpm_method must be one of: rpm, dnf, got: yum/);
    expect(said).not.toContain('Run saferpm preflight');
  }, 120_000);
});

describe.runIf(needTools('ansible-lint'))('contrib/ansible with ansible-lint', () => {
  it('passes the production profile with no warnings', async () => {
    const dir = tempDir('saferpm-ansible-lint-');
    const r = await execa('ansible-lint', ['--nocolor'], { reject: false, cwd: CONTRIB, env: { ...ansibleEnv(dir), HOME: dir }, timeout: 300_000 });
    const said = `${r.stdout}\n${r.stderr}`;
    expect(r.exitCode, said).toBe(0);
    expect(said).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\) on \d+ files/);
    expect(said).toMatch(/on (1[0-9]|[2-9][0-9]) files/); // the role's files were found, not an empty folder
  }, 300_000);
});
