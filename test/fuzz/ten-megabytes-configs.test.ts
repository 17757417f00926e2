/**
 * Long inputs, configuration files: every boot-loader format, grubenv, dnf's
 * INI and the plan file, each 10 MB, parsed whole with every entry found (the
 * output formats: ten-megabytes-outputs.test.ts; long lines: long-lines.test.ts).
 * Nothing here asserts a time: the watchdog (300 s per input,
 * FUZZ_BIG_CASE_SECONDS) is the hang bound, and a quadratic parser blows far
 * past it on 10 MB. The time ratio of 10 MB to 1 MB is measured by
 * `npm run bench` (scripts/bench/parsers.mjs) on the same boot-loader files.
 */
import { describe, expect, it } from 'vitest';
import { parseBlsEntry } from '../../src/bootloader/parse-bls.js';
import { parseExtlinux } from '../../src/bootloader/parse-extlinux.js';
import { parseGrubLegacy } from '../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../src/bootloader/parse-grub2.js';
import { parseGrubEnv } from '../../src/bootloader/parse-grubenv.js';
import { parseLilo } from '../../src/bootloader/parse-lilo.js';
import { parseIni } from '../../src/dnf-config/parse-ini.js';
import { parsePlanText } from '../../src/recovery/patch-plan/file.js';
import { big } from './support/fuzz.js';
import { CONFIGS, tenMegabytes, TEN_MB } from './support/big-inputs.js';


describe('10 MB configuration files: parsed whole, every entry found', () => {
  it('GRUB 2 grub.cfg (menuentry blocks as grub-mkconfig writes them)', () => {
    const input = CONFIGS.grub2(TEN_MB);
    expect(big('grub2', input, (t) => parseGrub2(t, 'grub.cfg')).entries).toHaveLength(input.count);
  });

  it('GRUB legacy grub.conf', () => {
    const input = CONFIGS.grubLegacy(TEN_MB);
    expect(big('grub legacy', input, (t) => parseGrubLegacy(t, 'grub.conf')).entries).toHaveLength(input.count);
  });

  it('lilo.conf', () => {
    const input = CONFIGS.lilo(TEN_MB);
    expect(big('lilo', input, (t) => parseLilo(t, 'lilo.conf')).entries).toHaveLength(input.count);
  });

  it('extlinux.conf', () => {
    const input = CONFIGS.extlinux(TEN_MB);
    expect(big('extlinux', input, (t) => parseExtlinux(t, 'extlinux.conf')).entries).toHaveLength(input.count);
  });

  it('a BLS entry of 10 MB (one key a line)', () => {
    const input = CONFIGS.bls(TEN_MB);
    expect(big('bls', input, (t) => parseBlsEntry(t, '/boot/loader/entries/a-1.conf')).pairs).toHaveLength(input.count);
  });

  it('a grubenv block of 10 MB (GRUB reads any size; saferpm reports the size)', () => {
    const input = tenMegabytes('# GRUB Environment Block\n', (i) => `var_${i}=${'kernelopts '.repeat(20)}${i}\n`);
    const r = big('grubenv', input, (t) => parseGrubEnv(Buffer.from(t), 'grubenv'));
    expect(Object.keys(r.vars)).toHaveLength(input.count);
  });

  it('dnf.conf / .repo (INI)', () => {
    const input = tenMegabytes('[main]\ngpgcheck=1\n', (i) => `[repo-${i}]\nname=Repository ${i}\nbaseurl=https://mirror.example.com/${i}/\nenabled=1\n`);
    expect(big('ini', input, (t) => parseIni(t, 'dnf.conf')).size).toBe(input.count + 1);
  });

  it('the plan file (one [[contacts.owners]] table per service)', () => {
    const input = tenMegabytes('[contacts.primary]\nname = "Ops"\n', (i) => `[[contacts.owners]]\nservice = "svc-${i}"\nname = "Owner ${i}"\nemail = "owner${i}@example.com"\n`);
    expect(big('plan', input, (t) => parsePlanText(t)).contacts.owners).toHaveLength(input.count);
  });
});
