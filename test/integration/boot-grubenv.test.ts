/**
 * The real grub-editenv writes the blocks; saferpm's parser must read what
 * `grub-editenv list` reads, including values with characters it escapes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseGrubEnv } from '../../src/bootloader/parse-grubenv.js';
import { readBootConfig } from '../../src/bootloader/index.js';
import { tempDir, tempRoot } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

async function editenv(file: string, ...args: string[]): Promise<string> {
  const r = await execa('grub-editenv', [file, ...args], { env: { LC_ALL: 'C' } });
  return r.stdout;
}

/** `grub-editenv list` as name -> value (a value may hold '='; names may not). */
function listed(out: string): Record<string, string> {
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe.runIf(needTools('grub-editenv'))('grubenv blocks written by grub-editenv', () => {
  it('create: exactly 1024 bytes, readable, no variables', async () => {
    const f = path.join(tempDir(), 'grubenv');
    await editenv(f, 'create');
    const env = parseGrubEnv(readFileSync(f), f);
    expect(env).toMatchObject({ readable: true, size: 1024, vars: {}, problems: [] });
  });

  it('set and unset: the same variables as grub-editenv list, escapes included', async () => {
    const f = path.join(tempDir(), 'grubenv');
    await editenv(f, 'create');
    const values = {
      saved_entry: '0123456789abcdef0123456789abcdef-6.1.12-1.x86_64',
      kernelopts: 'root=UUID=abc ro rd.luks.uuid=luks-1 console=ttyS0,115200n8',
      with_backslash: 'C:\\EFI\\x',
      with_equals: 'a=b=c',
      unicode: 'Schrödinger’s Cat',
      next_entry: 'gnulinux-advanced-x>gnulinux-6.1.10-advanced-x',
    };
    await editenv(f, 'set', ...Object.entries(values).map(([k, v]) => `${k}=${v}`));
    await editenv(f, 'unset', 'next_entry');
    const env = parseGrubEnv(readFileSync(f), f);
    expect(env.vars).toEqual(listed(await editenv(f, 'list')));
    const { next_entry: _unset, ...kept } = values;
    expect(env.vars).toEqual(kept);
    expect(env.problems).toEqual([]);
  });

  it('a value with a newline is escaped by grub-editenv and read back whole', async () => {
    const f = path.join(tempDir(), 'grubenv');
    await editenv(f, 'create');
    await editenv(f, 'set', 'multi=line one\nline two');
    expect(parseGrubEnv(readFileSync(f), f).vars.multi).toBe('line one\nline two');
  });

  it('a block filled to the last byte stays 1024 bytes; a block cut short is reported', async () => {
    const f = path.join(tempDir(), 'grubenv');
    await editenv(f, 'create');
    await editenv(f, 'set', `big=${'x'.repeat(900)}`);
    expect(parseGrubEnv(readFileSync(f), f)).toMatchObject({ size: 1024, problems: [] });
    writeFileSync(f, readFileSync(f).subarray(0, 700));
    const cut = parseGrubEnv(readFileSync(f), f);
    expect(cut.problems).toHaveLength(2);
    expect(cut.problems[0]).toMatch(/is 700 bytes, not 1024/);
    expect(cut.problems[1]).toMatch(/: byte \d+ starts a line without a complete NAME=VALUE: GRUB stops reading there/);
    expect(cut.vars).toEqual({});
  });

  it('readBootConfig follows saved_entry from a grubenv made by grub-editenv in a root', async () => {
    const root = tempRoot();
    const cfg = path.join(root, 'boot/grub2/grub.cfg');
    await execa('mkdir', ['-p', path.dirname(cfg)]);
    writeFileSync(cfg, "load_env\nset default=\"${saved_entry}\"\nmenuentry 'A' --id a { linux /vmlinuz-1 }\nmenuentry 'B' --id b { linux /vmlinuz-2 }\n");
    const envFile = path.join(root, 'boot/grub2/grubenv');
    await editenv(envFile, 'create');
    await editenv(envFile, 'set', 'saved_entry=b');
    const c = await readBootConfig({ root });
    expect(c.default).toMatchObject({ entry: 1, matchedBy: 'id', from: 'saved_entry' });
    expect(c.env?.file).toBe('/boot/grub2/grubenv');
  });
});
