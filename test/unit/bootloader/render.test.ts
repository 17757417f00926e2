import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBoot, readBootConfig, renderBootInfo, renderBootVerdict, bootConfigJson, verdictLine, type BootVerdict } from '../../../src/bootloader/index.js';
import { wrapText } from '../../../src/bootloader/text.js';
import { ROOTS } from './configs.js';

const V1 = '6.1.10-1.x86_64';

describe('wrapText', () => {
  it('wraps at word boundaries and breaks words longer than a line', () => {
    expect(wrapText('aaa bbb ccc', '> ', '  ', 9)).toEqual(['> aaa bbb', '  ccc']);
    expect(wrapText('x'.repeat(25), '', '', 10)).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']);
  });
});

describe('verdictLine', () => {
  const base = { safe: false } as BootVerdict;
  it('lists every reason when they fit, else the first and how many more', () => {
    expect(verdictLine({ ...base, reasons: ['a', 'b'] })).toBe('do not reboot: a, b');
    const long = ['x'.repeat(40), 'y'.repeat(40), 'z'];
    expect(verdictLine({ ...base, reasons: long })).toBe(`do not reboot: ${'x'.repeat(40)} (+2 more, see FAIL above)`);
    expect(verdictLine({ safe: true } as BootVerdict)).toBe('safe to reboot');
  });
});

describe('renderBootVerdict', () => {
  const roots = readdirSync(ROOTS).filter((r) => !r.includes('lilo'));

  it.each(roots)('%s: fits 80 columns and ends with the verdict line', async (name) => {
    const v = await checkBoot({ root: path.join(ROOTS, name), runningKernel: V1 });
    const lines = renderBootVerdict(v).split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    const last = lines[lines.length - 1] as string;
    if (v.safe) expect(last).toBe('safe to reboot');
    else expect(last.startsWith(`do not reboot: ${v.reasons[0]}`)).toBe(true);
  });

  it('a failed check is FAIL, with its finding indented under it', async () => {
    const v = await checkBoot({ root: path.join(ROOTS, 'broken-new-initramfs-missing'), runningKernel: V1 });
    const text = renderBootVerdict(v);
    expect(text).toContain("  FAIL  required  The new kernel's initramfs exists and is not empty\n                  initrd /boot/initramfs-6.1.12-1.x86_64.img is missing");
    // The new kernel is also the default, so the next boot misses the same file.
    expect(text.split('\n').pop()).toBe('do not reboot: new initramfs missing or empty, next boot entry 0 misses files');
  });

  it('the header names what was checked and the way back', async () => {
    const v = await checkBoot({ root: path.join(ROOTS, 'grub2-bls-healthy'), runningKernel: V1 });
    const head = renderBootVerdict(v).split('\n').slice(0, 12).join('\n');
    expect(head.replace(/\s+/g, ' ')).toMatch(/^Boot check of \S*grub2-bls-healthy \(GRUB 2, \/boot\/grub2\/grub.cfg with \/boot\/loader\/entries\)/);
    expect(head).toContain('  new kernel      6.1.12-1.x86_64 (newest installed)');
    expect(head).toContain('  running kernel  6.1.10-1.x86_64 (--running-kernel)');
    expect(head).toMatch(/  fallback        1 'Rocky Linux \(6\.1\.10-1\.x86_64\) 9\.4 \(Blue Onyx\)'/);
  });
});

describe('renderBootInfo and its JSON', () => {
  it('marks the entry that boots next, lists files with the boot prefix, fits 80 columns', async () => {
    const c = await readBootConfig({ root: path.join(ROOTS, 'grub2-menuentry-boot-folder-of-root') });
    const text = renderBootInfo(c);
    for (const l of text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(text).toContain('* 1>0 Fedora Linux, with Linux 6.1.12-1.x86_64\n     id      gnulinux-6.1.12-1.x86_64-advanced-root\n     kernel  /boot/vmlinuz-6.1.12-1.x86_64');
    expect(text.replace(/\s+/g, ' ')).toContain("boots next 1>0: saved_entry 'gnulinux-advanced-root>gnulinux-6.1.12-1.x86_64-advanced-root' matches entry 1>0 by id");
  });

  it('JSON: schema, next boot, entries with their source line', async () => {
    const j = bootConfigJson(await readBootConfig({ root: path.join(ROOTS, 'grub-legacy-healthy') }));
    expect(j).toMatchObject({ schema: 'saferpm.boot-config/1', loader: 'grub', configFile: '/boot/grub/grub.conf', nextBoot: { index: '0', version: '6.1.12-1.x86_64' }, fallback: { entry: 1 } });
    expect(j.entries[1]).toMatchObject({ index: '1', kernel: '/vmlinuz-6.1.10-1.x86_64', kernelPath: '/boot/vmlinuz-6.1.10-1.x86_64', source: { file: '/boot/grub/grub.conf', line: 12 } });
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});
