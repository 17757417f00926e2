/**
 * DefaultChoice.line, file and setting per parser, on the real upstream files
 * (fixtures/upstream/grubby, fixtures/upstream/bls; see their PROVENANCE.md).
 * The expected line numbers were read off the files by hand (`grep -n`), not
 * computed: the line of the setting that chose the default, or none when the
 * boot loader falls back to its first entry without being asked.
 * default-line.test.ts checks the same property on every file, without
 * knowing the numbers.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBlsOnly } from '../../../src/bootloader/bls-entries.js';
import { parseBlsEntry } from '../../../src/bootloader/parse-bls.js';
import { parseExtlinux } from '../../../src/bootloader/parse-extlinux.js';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseGrubEnv } from '../../../src/bootloader/parse-grubenv.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import { parseLoaderConf } from '../../../src/bootloader/parse-loader-conf.js';
import { parseSdboot } from '../../../src/bootloader/sdboot-entries.js';
import { readBootConfig } from '../../../src/bootloader/read.js';
import { FIXTURES, UPSTREAM } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/roots.js';

const G = path.join(UPSTREAM, 'grubby');
const B = path.join(UPSTREAM, 'bls');
const grubby = (f: string): string => readFileSync(path.join(G, f), 'utf8');
const grubenv = (file: string) => parseGrubEnv(readFileSync(file), file);
const grubbyEnv = (n: number) => grubenv(path.join(G, `grub2-support_files/grubenv.${n}`)).vars;

/** No line chose it: the boot loader's first entry, and the model says so. */
const FIRST = { from: 'none', matchedBy: 'first-entry', matched: true, entry: 0 };

describe('GRUB legacy (grubby grub.N)', () => {
  it.each([
    ['grub.1', 10, 0], // default=0
    ['grub.6', 1, 2], // default=2 on the first line
    ['grub.12', 5, 0], // "default 0" (blank, no '=')
    ['grub.15', 10, 1], // default=1
  ])('%s: line %i sets entry %i', (f, line, entry) => {
    const d = parseGrubLegacy(grubby(f), f).default;
    expect(d).toMatchObject({ line, file: f, setting: 'default', from: 'config', entry });
  });

  it('grub.3 has no default line: no line, the first entry', () => {
    const d = parseGrubLegacy(grubby('grub.3'), 'grub.3').default;
    expect(d).toMatchObject(FIRST);
    expect(d.line).toBeUndefined();
    expect(d.file).toBeUndefined();
  });

  it("'default saved' (grub.2, two entries, with its line 10 turned into it): that line, the number from /boot/grub/default", () => {
    const text = grubby('grub.2').replace(/^default=0$/m, 'default saved');
    const d = parseGrubLegacy(text, 'grub.2', { savedDefault: '1\n' }).default;
    expect(d).toMatchObject({ line: 10, setting: 'default saved', from: 'saved-default-file', entry: 1 });
  });
});

describe('GRUB 2 with grubenv (grubby grub2.N, RHEL and leapp grub.cfg)', () => {
  it('grub2.1: set default="0" on line 12', () => {
    expect(parseGrub2(grubby('grub2.1'), 'grub2.1', { grubenv: grubbyEnv(0) }).default)
      .toMatchObject({ line: 12, file: 'grub2.1', setting: 'set default', from: 'config', entry: 0 });
  });

  it('grub2.5 with grubenv.1: set default="${saved_entry}" on line 12, the title saved in grubenv', () => {
    expect(parseGrub2(grubby('grub2.5'), 'grub2.5', { grubenv: grubbyEnv(1) }).default)
      .toMatchObject({ line: 12, setting: 'set default', from: 'saved_entry', requested: 'Linux, with Fedora 2.6.38.8-32.fc15.x86_64' });
  });

  it('grub2.14: the else branch (line 20) without next_entry; the then branch (line 15) with one', () => {
    expect(parseGrub2(grubby('grub2.14'), 'grub2.14', { grubenv: grubbyEnv(0) }).default).toMatchObject({ line: 20, from: 'saved_entry' });
    expect(parseGrub2(grubby('grub2.14'), 'grub2.14', { grubenv: { next_entry: '0' } }).default).toMatchObject({ line: 15, from: 'next_entry', oneTime: true, entry: 0, matched: true });
  });

  it('leapp valid_grub.cfg with its grubenv.correct: line 22; its upgrade template: line 17', () => {
    const env = grubenv(path.join(B, 'leapp-repository/grubenv.correct')).vars;
    const read = (f: string) => parseGrub2(readFileSync(path.join(B, 'leapp-repository', f), 'utf8'), f, { grubenv: env }).default;
    expect(read('valid_grub.cfg')).toMatchObject({ line: 22, setting: 'set default', from: 'saved_entry' });
    expect(read('grub2_config_template')).toMatchObject({ line: 17, setting: 'set default', from: 'saved_entry' });
  });

  it('the RHEL 9.5 UEFI host read as a root: line 22 of /boot/grub2/grub.cfg (no grubenv there: saved_entry is empty)', async () => {
    const c = await readBootConfig({ root: path.join(B, 'insights-rhel9-uefi'), bootPrefix: '/boot' });
    expect(c.default).toMatchObject({ line: 22, file: '/boot/grub2/grub.cfg', setting: 'set default', from: 'saved_entry', requested: '', entry: 0 });
  });

  it('grub2.1 whose 41_custom sources a custom.cfg that sets the default: its line, named by its path inside the root', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
    writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), grubby('grub2.1'));
    writeFileSync(path.join(root, 'boot/grub2/custom.cfg'), '# chosen by hand\nset default=1\n');
    const c = await readBootConfig({ root, type: 'grub2', config: '/boot/grub2/grub.cfg', bootPrefix: '/' });
    expect(c.default).toMatchObject({ line: 2, file: '/boot/grub2/custom.cfg', setting: 'set default', from: 'config', entry: 1 });
  });
});

describe('BLS entries alone, with grubenv', () => {
  const rhel9 = (): ReturnType<typeof parseBlsEntry>[] => {
    const dir = path.join(B, 'insights-rhel9-uefi/boot/loader/entries');
    return readdirSync(dir).sort().map((f) => parseBlsEntry(readFileSync(path.join(dir, f), 'utf8'), `/boot/loader/entries/${f}`));
  };

  it("the RHEL 8 grubenv: saved_entry is its line 2, and names none of the RHEL 9 host's entries", () => {
    const file = path.join(B, 'insights-rhel8/grubenv.GRUBENV_WITH_TUNED_PARAMS');
    const env = grubenv(file);
    const d = parseBlsOnly(rhel9(), new Map(Object.entries(env.vars)), { file: '/boot/grub2/grubenv', lines: env.lines ?? {} }).default;
    expect(d).toMatchObject({ line: 2, file: '/boot/grub2/grubenv', setting: 'saved_entry', from: 'saved_entry', matched: false, entry: 0 });
  });

  it('leapp grubenv.correct: saved_entry on line 2; without any grubenv variable, no line and the first entry', () => {
    const env = grubenv(path.join(B, 'leapp-repository/grubenv.correct'));
    expect(env.lines?.saved_entry).toBe(2);
    const d = parseBlsOnly(rhel9(), new Map(), { file: '/boot/grub2/grubenv', lines: env.lines ?? {} }).default;
    expect(d).toMatchObject(FIRST);
    expect(d.line).toBeUndefined();
  });
});

describe('LILO and ELILO (grubby lilo.N, elilo.N)', () => {
  it.each([
    ['lilo.1', 3, 1], // default=linux, the second image
    ['lilo.2', 8, undefined],
    ['lilo.5', 8, undefined], // default=DOS
    ['elilo.1', 3, 1],
  ])('%s: default= on line %i', (f, line, entry) => {
    const d = parseLilo(grubby(f), f).default;
    expect(d).toMatchObject({ line, file: f, setting: 'default', from: 'config' });
    if (entry !== undefined) expect(d.entry).toBe(entry);
  });

  it('lilo.4 has no default=: no line, the first image', () => {
    const d = parseLilo(grubby('lilo.4'), 'lilo.4').default;
    expect(d).toMatchObject(FIRST);
    expect(d.line).toBeUndefined();
  });
});

describe('extlinux (grubby extlinux.N, fixtures/boot/configs)', () => {
  it.each([
    ['extlinux.1', 12],
    ['extlinux.4', 8],
    ['extlinux.5', 8],
  ])('%s: DEFAULT on line %i', (f, line) => {
    expect(parseExtlinux(grubby(f), f).default).toMatchObject({ line, file: f, setting: 'DEFAULT', from: 'config', matched: true });
  });

  it('extlinux.3 has no DEFAULT and no UI: no line (SYSLINUX waits at boot:)', () => {
    const d = parseExtlinux(grubby('extlinux.3'), 'extlinux.3').default;
    expect(d).toMatchObject({ from: 'none', matched: false });
    expect(d.line).toBeUndefined();
  });

  it('ONTIMEOUT (line 5) wins over DEFAULT (line 4); MENU DEFAULT (line 9) wins over DEFAULT under a UI menu', () => {
    const read = (f: string) => parseExtlinux(readFileSync(path.join(FIXTURES, 'boot/configs', f), 'utf8'), f).default;
    expect(read('extlinux-ontimeout-and-default-with-options.conf')).toMatchObject({ line: 5, setting: 'ONTIMEOUT', requested: 'fallback', entry: 1 });
    expect(read('extlinux-menu-default-and-relative-paths.conf')).toMatchObject({ line: 9, setting: 'MENU DEFAULT', requested: 'linux-new', entry: 0 });
  });
});

describe("systemd-boot's loader.conf (loader.conf(5)'s example) over the RHEL 9 host's entries", () => {
  const dir = path.join(B, 'insights-rhel9-uefi/boot/loader/entries');
  const files = readdirSync(dir).sort().map((f) => parseBlsEntry(readFileSync(path.join(dir, f), 'utf8'), `/boot/efi/loader/entries/${f}`));
  const confText = '# /boot/efi/loader/loader.conf\ntimeout 0\ndefault 3b1bf67095e94696b600ed25416e97a8-0-rescue*\neditor no\n';

  it('default on line 3 of loader.conf', () => {
    const conf = parseLoaderConf(confText, '/boot/efi/loader/loader.conf');
    const d = parseSdboot({ files, conf, vars: {}, linuxExists: () => true }).default;
    expect(d).toMatchObject({ line: 3, file: '/boot/efi/loader/loader.conf', setting: 'default', from: 'config', matched: true });
  });

  it('an EFI variable (bootctl set-default) decides: no line', () => {
    const conf = parseLoaderConf(confText, '/boot/efi/loader/loader.conf');
    const d = parseSdboot({ files, conf, vars: { LoaderEntryDefault: '3b1bf67095e94696b600ed25416e97a8-5.14*' }, linuxExists: () => true }).default;
    expect(d).toMatchObject({ from: 'efi-variable', matched: true });
    expect(d.line).toBeUndefined();
  });

  it('no loader.conf: no line, the first entry', () => {
    const d = parseSdboot({ files, vars: {}, linuxExists: () => true }).default;
    expect(d).toMatchObject(FIRST);
    expect(d.line).toBeUndefined();
  });
});
