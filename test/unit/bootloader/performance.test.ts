/**
 * boot info on 1,000 entries must stay well under half a second, and parsing
 * must be linear in the size of the input (a 10 MB configuration included).
 * Times are CPU times of this process (the test machine is shared), and the
 * bounds leave room for a slow machine while catching a quadratic parser,
 * which would take 100 times longer for 10 times the input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBootConfig, renderBootInfo } from '../../../src/bootloader/index.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import { parseExtlinux } from '../../../src/bootloader/parse-extlinux.js';
import { tempRoot } from '../../helpers/roots.js';

function cpuMs<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1000];
}

async function cpuMsAsync<T>(f: () => Promise<T>): Promise<[T, number]> {
  const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1000];
}

const grub2 = (n: number): string => {
  const parts = ['set default="${saved_entry}"\n'];
  for (let i = 0; i < n; i++) {
    parts.push(`menuentry 'Linux ${i}' --class os --id 'id-${i}' {\n\tload_video\n\tinsmod gzio\n\tlinux /vmlinuz-6.1.${i}-1.x86_64 root=/dev/mapper/rl-root ro quiet\n\tinitrd /initramfs-6.1.${i}-1.x86_64.img\n}\n`);
  }
  return parts.join('');
};
const legacy = (n: number): string => Array.from({ length: n }, (_, i) => `title Linux ${i}\n\troot (hd0,0)\n\tkernel /vmlinuz-${i} ro root=/dev/sda1\n\tinitrd /initrd-${i}.img\n`).join('');
const lilo = (n: number): string => Array.from({ length: n }, (_, i) => `image=/boot/vmlinuz-${i}\n\tlabel=l${i}\n\tinitrd=/boot/initrd-${i}.img\n\tappend="quiet"\n`).join('');
const extlinux = (n: number): string => Array.from({ length: n }, (_, i) => `label l${i}\n\tkernel /vmlinuz-${i}\n\tinitrd /initrd-${i}.img\n\tappend ro quiet\n`).join('');

describe('boot info on 1,000 entries', () => {
  it('a 1,000-entry grub.cfg: read, resolved and rendered well under 0.5 s', async () => {
    const root = tempRoot();
    mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
    writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), grub2(1000));
    const [text, ms] = await cpuMsAsync(async () => renderBootInfo(await readBootConfig({ root })));
    expect(text.split('\n').filter((l) => /^[* ] \d/.test(l))).toHaveLength(1000);
    expect(ms).toBeLessThan(500);
  });

  it('1,000 BLS entries: read, sorted and rendered well under 0.5 s', async () => {
    const root = tempRoot();
    const dir = path.join(root, 'boot/loader/entries');
    mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(root, 'boot/grub2'));
    writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), 'set default="${saved_entry}"\nblscfg\n');
    for (let i = 0; i < 1000; i++) {
      const v = `6.1.${i}-1.x86_64`;
      writeFileSync(path.join(dir, `0123456789abcdef0123456789abcdef-${v}.conf`), `title Linux (${v})\nversion ${v}\nlinux /vmlinuz-${v}\ninitrd /initramfs-${v}.img\noptions $kernelopts\n`);
    }
    const [config, ms] = await cpuMsAsync(() => readBootConfig({ root }));
    expect(config.entries).toHaveLength(1000);
    expect(config.entries[0]?.version).toBe('6.1.999-1.x86_64');
    expect(ms).toBeLessThan(500);
  });
});

describe('parsers are linear in their input', () => {
  it.each([
    ['grub legacy', (t: string) => parseGrubLegacy(t, 'g'), legacy],
    ['lilo', (t: string) => parseLilo(t, 'l'), lilo],
    ['extlinux', (t: string) => parseExtlinux(t, 'e'), extlinux],
  ] as const)('%s: ten times the entries take far less than a hundred times as long', (_n, parse, make) => {
    parse(make(1000)); // warm up the JIT
    const [, small] = cpuMs(() => parse(make(1500)));
    const [big, large] = cpuMs(() => parse(make(15000)));
    expect(big.entries).toHaveLength(15000);
    expect(large / Math.max(small, 1)).toBeLessThan(30);
  });

  it('grub2: a 10 MB grub.cfg takes about ten times as long as a 1 MB one', () => {
    parseGrub2(grub2(1000), 'g');
    const small = grub2(5300);
    const text = grub2(53000);
    expect(text.length).toBeGreaterThan(10_000_000);
    const [, ms1] = cpuMs(() => parseGrub2(small, 'g'));
    const [p, ms10] = cpuMs(() => parseGrub2(text, 'g'));
    expect(p.entries).toHaveLength(53000);
    expect(ms10 / Math.max(ms1, 1)).toBeLessThan(30);
    expect(ms10).toBeLessThan(20_000);
  });
});
