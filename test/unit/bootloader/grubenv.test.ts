import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGrubEnv } from '../../../src/bootloader/parse-grubenv.js';
import { FIXTURES, UPSTREAM } from '../../helpers/paths.js';

const OWN = path.join(FIXTURES, 'boot/grubenv');
const own = (name: string) => parseGrubEnv(readFileSync(path.join(OWN, name)), name);

describe('parseGrubEnv on blocks written by grub-editenv', () => {
  it('reads every variable, unescaping backslashes as GRUB does', () => {
    const env = own('saved-entry-and-kernelopts');
    expect(env.readable).toBe(true);
    expect(env.size).toBe(1024);
    expect(env.problems).toEqual([]);
    expect(env.vars).toEqual({
      saved_entry: '0123456789abcdef0123456789abcdef-6.1.12-1.x86_64',
      kernelopts: 'root=/dev/mapper/rl-root ro crashkernel=1G-4G:192M',
      path_with_backslash: 'C:\\boot\\x',
    });
  });

  it('keeps a pending next_entry beside saved_entry', () => {
    expect(own('next-entry-pending').vars).toMatchObject({ next_entry: 'gnulinux-simple-abc', saved_entry: 'gnulinux-advanced-abc>gnulinux-6.1.10-1.x86_64-advanced-abc' });
  });

  it('reports a block resized by an editor but still reads it, as GRUB does', () => {
    const env = own('edited-in-editor-1025-bytes');
    expect(env.readable).toBe(true);
    expect(env.vars.saved_entry).toBe('0123456789abcdef0123456789abcdef-6.1.12-1.x86_64');
    expect(env.problems).toHaveLength(1);
    expect(env.problems[0]).toMatch(/1025 bytes, not 1024.*grub2-editenv .* create/);
  });

  it('loads nothing from a block without its header, and says so', () => {
    const env = own('header-missing-and-truncated');
    expect(env.readable).toBe(false);
    expect(env.vars).toEqual({});
    expect(env.problems.join('\n')).toMatch(/does not begin with '# GRUB Environment Block'/);
  });

  it('stops at a broken line and keeps what came before', () => {
    const block = Buffer.from('# GRUB Environment Block\nsaved_entry=a\nno-equals-sign-here');
    const env = parseGrubEnv(block, 'g');
    expect(env.vars).toEqual({ saved_entry: 'a' });
    expect(env.problems.some((p) => /byte 39 starts a line without a complete NAME=VALUE/.test(p))).toBe(true);
  });

  it('treats names such as __proto__ as plain names', () => {
    const env = parseGrubEnv(Buffer.from('# GRUB Environment Block\n__proto__=x\n'), 'g');
    expect(Object.keys(env.vars)).toEqual(['__proto__']);
  });
});

describe('parseGrubEnv on upstream blocks', () => {
  const up = (rel: string) => parseGrubEnv(readFileSync(path.join(UPSTREAM, rel)), rel);

  it('grubby grubenv.0..4: saved_entry titles; .4 is one byte too long', () => {
    expect(up('grubby/grub2-support_files/grubenv.0').vars).toEqual({});
    expect(up('grubby/grub2-support_files/grubenv.1').vars).toEqual({ saved_entry: 'Linux, with Fedora 2.6.38.8-32.fc15.x86_64' });
    expect(up('grubby/grub2-support_files/grubenv.2').vars).toEqual({ saved_entry: 'title' });
    expect(up('grubby/grub2-support_files/grubenv.3').vars.saved_entry).toBe('Red Hat Enterprise Linux Server (3.10.0-327.22.2.el7.x86_64.debug) 7.2 (Maipo) with debugging');
    const four = up('grubby/grub2-support_files/grubenv.4');
    expect(four.vars.saved_entry).toBe('Linux, with Fedora 2.6.38.8-32.fc15.x86_64');
    expect(four.problems[0]).toMatch(/1025 bytes/);
  });

  it('leapp grubenv.correct is clean; .wrong1 has a broken tail; .wrong2 has no header', () => {
    const ok = up('bls/leapp-repository/grubenv.correct');
    expect(ok.problems).toEqual([]);
    expect(ok.vars.saved_entry).toBe('Red Hat Enterprise Linux Server (3.10.0-1160.80.1.el7.x86_64) 7.9 (Maipo)');
    const w1 = up('bls/leapp-repository/grubenv.wrong1');
    expect(w1.readable).toBe(true);
    expect(w1.vars.saved_entry).toBe(ok.vars.saved_entry);
    expect(w1.problems.join()).toMatch(/without a complete NAME=VALUE/);
    const w2 = up('bls/leapp-repository/grubenv.wrong2');
    expect(w2.readable).toBe(false);
    expect(w2.problems).toHaveLength(2);
    expect(w2.problems[0]).toMatch(/is 1000 bytes, not 1024/);
    expect(w2.problems[1]).toMatch(/does not begin with '# GRUB Environment Block'/);
  });

  it('insights RHEL 8 grubenv (1031 bytes): variables read, size reported', () => {
    const env = up('bls/insights-rhel8/grubenv.GRUBENV_WITH_TUNED_PARAMS');
    expect(env.vars).toMatchObject({ saved_entry: '295e1ba1696e4fad9e062f096f92d147-4.18.0-305.el8.x86_64', tuned_params: 'transparent_hugepages=never', tuned_initrd: '' });
    expect(env.vars.kernelopts).toMatch(/^root=\/dev\/mapper\/root_vg-lv_root ro crashkernel=auto/);
    expect(env.problems[0]).toMatch(/1031 bytes/);
  });
});
