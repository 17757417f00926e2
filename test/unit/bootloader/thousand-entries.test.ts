/**
 * boot info on 1,000 entries: every entry is read and listed, BLS entries
 * newest first. How long it takes is measured by `npm run bench`
 * (scripts/bench/boot-info.mjs: target < 0.5 s), not asserted here; the
 * parsers' behaviour on 10 MB inputs is in test/fuzz/ten-megabytes-*.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBootConfig, renderBootInfo } from '../../../src/bootloader/index.js';
import { tempRoot } from '../../helpers/roots.js';

/** A grub.cfg of `n` entries as grub-mkconfig writes them. */
function grub2(n: number): string {
  const entries = Array.from({ length: n }, (_, i) => `menuentry 'Linux ${i}' --class os --id 'id-${i}' {\n\tload_video\n\tinsmod gzio\n\tlinux /vmlinuz-6.1.${i}-1.x86_64 root=/dev/mapper/rl-root ro quiet\n\tinitrd /initramfs-6.1.${i}-1.x86_64.img\n}\n`);
  return `set default="\${saved_entry}"\n${entries.join('')}`;
}

describe('boot info on 1,000 entries', () => {
  it('a 1,000-entry grub.cfg: every entry listed, in order', async () => {
    const root = tempRoot();
    mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
    writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), grub2(1000));
    const text = renderBootInfo(await readBootConfig({ root }));
    const rows = text.split('\n').filter((l) => /^[* ] \d/.test(l));
    expect(rows).toHaveLength(1000);
    expect(rows[0]).toMatch(/^\* 0 /);
    expect(rows[999]).toMatch(/^  999 /);
  });

  it('1,000 BLS entries: read, and sorted newest first as blscfg sorts them', async () => {
    const root = tempRoot();
    const dir = path.join(root, 'boot/loader/entries');
    mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(root, 'boot/grub2'));
    writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), 'set default="${saved_entry}"\nblscfg\n');
    for (let i = 0; i < 1000; i++) {
      const v = `6.1.${i}-1.x86_64`;
      writeFileSync(path.join(dir, `0123456789abcdef0123456789abcdef-${v}.conf`), `title Linux (${v})\nversion ${v}\nlinux /vmlinuz-${v}\ninitrd /initramfs-${v}.img\noptions $kernelopts\n`);
    }
    const config = await readBootConfig({ root });
    expect(config.entries).toHaveLength(1000);
    expect(config.entries.slice(0, 3).map((e) => e.version)).toEqual(['6.1.999-1.x86_64', '6.1.998-1.x86_64', '6.1.997-1.x86_64']);
    expect(config.entries.at(-1)?.version).toBe('6.1.0-1.x86_64');
  });
});
