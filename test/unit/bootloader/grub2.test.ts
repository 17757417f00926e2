import { describe, expect, it } from 'vitest';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { ParseError } from '../../../src/errors.js';
import type { ParsedBoot } from '../../../src/bootloader/model.js';
import { blsFolder, config } from './configs.js';

const SUBMENU = config('grub2-submenu-with-ids.cfg');
const withEnv = (vars: Record<string, string>): ParsedBoot => parseGrub2(SUBMENU, 'grub.cfg', { grubenv: vars });
const nextIndex = (p: ParsedBoot): string | undefined => (p.default.entry === undefined ? undefined : p.entries[p.default.entry]?.index);

describe('GRUB 2 menu: entries, submenus, ids', () => {
  const p = withEnv({});
  it('flattens submenus depth first with N>M indexes', () => {
    expect(p.entries.map((e) => [e.index, e.id])).toEqual([
      ['0', 'gnulinux-simple-abc'],
      ['1>0', 'gnulinux-6.1.12-1.x86_64-advanced-abc'],
      ['1>1', 'gnulinux-6.1.10-1.x86_64-advanced-abc'],
      ['2', 'uefi-firmware'],
    ]);
    expect(p.entries[2]?.submenu).toEqual(['Advanced options for Fedora Linux']);
  });

  it('reads kernel, initrd, arguments, root and version of each entry', () => {
    expect(p.entries[2]).toMatchObject({
      linux: true,
      kernel: '/vmlinuz-6.1.10-1.x86_64',
      initrds: ['/initramfs-6.1.10-1.x86_64.img'],
      args: 'root=/dev/mapper/fedora-root ro quiet',
      root: '/dev/mapper/fedora-root',
      version: '6.1.10-1.x86_64',
      source: { file: 'grub.cfg', line: 32 },
    });
    expect(p.entries[3]).toMatchObject({ linux: false, title: 'UEFI Firmware Settings' });
  });
});

describe('GRUB 2 default resolution', () => {
  it.each([
    ['an id path', 'gnulinux-advanced-abc>gnulinux-6.1.10-1.x86_64-advanced-abc', '1>1', 'id'],
    ['a title path', 'Advanced options for Fedora Linux>Fedora Linux, with Linux 6.1.10-1.x86_64', '1>1', 'title'],
    ['numbers', '1>1', '1>1', 'index'],
    ['a submenu alone (its first entry)', 'gnulinux-advanced-abc', '1>0', 'id'],
    ['a plain title', 'Fedora Linux', '0', 'title'],
  ])('saved_entry as %s', (_what, saved, index, how) => {
    const p = withEnv({ saved_entry: saved });
    expect(nextIndex(p)).toBe(index);
    expect(p.default).toMatchObject({ from: 'saved_entry', matched: true, matchedBy: how, oneTime: false, requested: saved });
  });

  it('a saved_entry that names nothing boots the first entry, and the note says so', () => {
    const p = withEnv({ saved_entry: 'gnulinux-5.14.0-advanced-abc' });
    expect(nextIndex(p)).toBe('0');
    expect(p.default).toMatchObject({ matched: false, matchedBy: 'first-entry' });
    expect(p.default.note).toBe("saved_entry 'gnulinux-5.14.0-advanced-abc' names no entry: GRUB boots entry 0 instead");
  });

  it('a path whose second part names nothing boots the first entry of that submenu', () => {
    const p = withEnv({ saved_entry: 'gnulinux-advanced-abc>gone' });
    expect(nextIndex(p)).toBe('1>0');
    expect(p.default.matched).toBe(false);
  });

  it('a number past the end boots the first entry', () => {
    expect(nextIndex(withEnv({ saved_entry: '9' }))).toBe('0');
  });

  it('a pending next_entry wins once over saved_entry', () => {
    const p = withEnv({ saved_entry: '1>1', next_entry: 'uefi-firmware' });
    expect(nextIndex(p)).toBe('2');
    expect(p.default).toMatchObject({ from: 'next_entry', oneTime: true, matched: true });
  });

  it('without a grubenv, load_env is skipped and the first entry boots', () => {
    const p = parseGrub2(SUBMENU, 'grub.cfg');
    expect(nextIndex(p)).toBe('0');
    expect(p.default).toMatchObject({ from: 'saved_entry', requested: '', matched: false });
  });

  it('a numeric default and the first fallback that names an entry', () => {
    const p = parseGrub2(config('grub2-fallback-list-and-literal-default.cfg'), 'grub.cfg');
    expect(p.default).toMatchObject({ entry: 1, from: 'config', matchedBy: 'index' });
    expect(p.fallback).toEqual({ entry: 2, chain: [2], requested: '7 2', note: "fallback '2' is entry 2" });
    expect(p.entries[2]?.rescue).toBe(true);
  });
});

describe('GRUB 2 script features', () => {
  it("quoting, escapes, ${var} and '>>' in a default", () => {
    const p = parseGrub2(config('grub2-quoting-escapes-and-gt-in-titles.cfg'), 'grub.cfg');
    expect(p.entries.map((e) => [e.title, e.id])).toEqual([
      [`Fedora's "first" entry`, 'first'],
      ['Kernel > 6.1', 'second'],
    ]);
    expect(p.entries[0]?.args).toBe('root=/dev/sda2 ro quiet');
    expect(p.entries[1]?.args).toBe('root=/dev/sda2 ro quiet extra arg');
    expect(p.entries[1]?.initrds).toEqual(['/initramfs-6.1.12-1.x86_64.img']);
    expect(p.default).toMatchObject({ entry: 1, matchedBy: 'title' });
  });

  it('Xen: Linux is the first module; a chainloader entry is not Linux', () => {
    const p = parseGrub2(config('grub2-xen-multiboot-and-chainloader.cfg'), 'grub.cfg');
    expect(p.entries[0]).toMatchObject({ linux: true, kernel: '/vmlinuz-6.1.12-1.x86_64', initrds: ['/initramfs-6.1.12-1.x86_64.img'], root: '/dev/sda2' });
    expect(p.entries[1]).toMatchObject({ linux: false, initrds: [] });
  });

  it('source reads custom.cfg when it exists beside grub.cfg', () => {
    const text = config('grub2-sources-custom-cfg.cfg');
    const custom = config('grub2-sources-custom-cfg.custom.cfg');
    const withCustom = parseGrub2(text, 'grub.cfg', { includes: new Map([['/grub2/custom.cfg', custom]]), exists: (p) => p === '/grub2/custom.cfg' });
    expect(withCustom.entries.map((e) => e.title)).toEqual(['Distribution kernel', 'Custom kernel']);
    expect(withCustom.entries[1]?.source.file).toBe('/grub2/custom.cfg');
    expect(withCustom.default).toMatchObject({ entry: 1, matchedBy: 'title' });
    const without = parseGrub2(text, 'grub.cfg');
    expect(without.entries).toHaveLength(1);
    expect(without.default).toMatchObject({ entry: 0, matched: false });
  });

  it('loops are not run, and a warning says so', () => {
    const p = parseGrub2(config('grub2-loop-not-evaluated.cfg'), 'grub.cfg');
    expect(p.entries.map((e) => e.title)).toEqual(['Only entry saferpm sees']);
    expect(p.warnings).toEqual([{ file: 'grub.cfg', line: 3, message: "'for' loop not evaluated: entries or settings made inside it are not seen" }]);
  });

  it('a submenu sees exported variables only', () => {
    const p = parseGrub2(config('grub2-submenu-sees-only-exported-vars.cfg'), 'grub.cfg');
    expect(p.entries.map((e) => [e.index, e.args])).toEqual([
      ['0>0', 'root= quiet'],
      ['1', 'root=/dev/sda2 quiet'],
    ]);
  });

  it('an unterminated quote is a ParseError at its line', () => {
    expect(() => parseGrub2(config('grub2-unterminated-quote.cfg'), 'grub.cfg')).toThrow(ParseError);
    expect(() => parseGrub2(config('grub2-unterminated-quote.cfg'), 'grub.cfg')).toThrow(/^grub\.cfg:2:11: /);
  });
});

describe('GRUB 2 with blscfg', () => {
  const cfg = 'load_env\nset default="${saved_entry}"\nif [ -z "${kernelopts}" ]; then\n  set kernelopts="root=/dev/sda2 ro"\nfi\nblscfg\n';
  const bls = blsFolder('bls-sort-order');

  it('imports the entries newest first and expands $kernelopts from grubenv', () => {
    const p = parseGrub2(cfg, 'grub.cfg', { grubenv: { kernelopts: 'root=/dev/vda1 ro', tuned_params: 'isolcpus=1', saved_entry: '0123456789abcdef0123456789abcdef-6.1.10-1.x86_64' }, bls });
    expect(p.entries[0]).toMatchObject({ id: '0123456789abcdef0123456789abcdef-6.1.12-1.x86_64', args: 'root=/dev/vda1 ro isolcpus=1' });
    // rpmvercmp: a machine id starting with digits sorts above one made of letters.
    expect(p.entries[p.entries.length - 1]?.id).toBe('ffffffffffffffffffffffffffffffff-5.14.0-1.el9.x86_64');
    expect(p.default).toMatchObject({ matchedBy: 'id', matched: true });
    expect(p.entries[p.default.entry as number]?.version).toBe('6.1.10-1.x86_64');
  });

  it("falls back to grub.cfg's own kernelopts when grubenv has none", () => {
    const p = parseGrub2(cfg, 'grub.cfg', { grubenv: {}, bls });
    expect(p.entries[1]?.args).toBe('root=/dev/sda2 ro');
  });

  it('skips an entry without linux, with a warning', () => {
    const p = parseGrub2(cfg, 'grub.cfg', { bls });
    expect(p.entries.some((e) => e.version === '7.0.0')).toBe(false);
    expect(p.warnings.some((w) => w.file.endsWith('-7.0.0-1.x86_64.conf') && /no 'linux' key/.test(w.message))).toBe(true);
  });
});

describe('the line that set the default', () => {
  it('is the set default= that ran, not one in a branch that did not', () => {
    expect(withEnv({ saved_entry: "x" }).default.line).toBe(12);
    expect(withEnv({ next_entry: 'x' }).default.line).toBe(7);
  });
});

describe('a sourced file GRUB cannot parse', () => {
  it('fails the source command only; grub.cfg goes on', () => {
    const text = config('grub2-sources-custom-cfg.cfg');
    const p = parseGrub2(text, 'grub.cfg', { includes: new Map([['/grub2/custom.cfg', "menuentry 'x {\n"]]), exists: () => true });
    expect(p.entries.map((e) => e.title)).toEqual(['Distribution kernel']);
    expect(p.warnings[0]?.message).toMatch(/^'source \/grub2\/custom.cfg' fails: \/grub2\/custom.cfg:1:11: a single quote/);
  });
});
