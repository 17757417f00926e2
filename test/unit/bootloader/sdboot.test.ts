/**
 * systemd-boot's reading of loader.conf and BLS entries: its version
 * comparison, its sort order and its default, on real text (loader.conf(5)'s
 * example, the entries of systemd's own test-bootspec.c bootspec_sort test
 * with the order systemd asserts) and on the order the comparison's own
 * documentation lists. The boot lab (test/boot/sdboot-uefi.test.ts) proves
 * the same rules by booting systemd-boot.
 */
import { describe, expect, it } from 'vitest';
import { parseLoaderConf } from '../../../src/bootloader/parse-loader-conf.js';
import { strverscmpImproved } from '../../../src/bootloader/strverscmp.js';
import { efiFnmatch } from '../../../src/bootloader/efi-fnmatch.js';
import { parseSdboot, triesOf } from '../../../src/bootloader/sdboot-entries.js';
import { decodeEfiString, espOfConfig } from '../../../src/bootloader/read-sdboot.js';
import { parseBlsEntry } from '../../../src/bootloader/parse-bls.js';

const DIR = '/boot/efi/loader/entries';
const entry = (name: string, text: string) => parseBlsEntry(text, `${DIR}/${name}`);
const all = () => true;

describe('strverscmp_improved', () => {
  // The order documented in systemd's src/fundamental/string-util-fundamental.c, oldest first.
  const ORDER = ['122.1', '123~rc1-1', '123', '123-a', '123-a.1', '123-1', '123-1.1', '123^post1', '123.a-1', '123.1-1', '123a-1', '124-1'];
  it('orders the documented list, every pair both ways', () => {
    for (let i = 0; i < ORDER.length; i++) {
      for (let j = 0; j < ORDER.length; j++) {
        expect(strverscmpImproved(ORDER[i], ORDER[j]), `${ORDER[i]} vs ${ORDER[j]}`).toBe(Math.sign(i - j));
      }
    }
  });
  it('kernel versions: numbers by value, leading zeros ignored, missing sorts first', () => {
    expect(strverscmpImproved('6.1.12-100.fake.x86_64', '6.1.10-100.fake.x86_64')).toBe(1);
    expect(strverscmpImproved('5.14.0-503.el9', '5.14.0-70.el9')).toBe(1);
    expect(strverscmpImproved('007', '7')).toBe(0);
    expect(strverscmpImproved(undefined, '1')).toBe(-1);
    expect(strverscmpImproved(undefined, undefined)).toBe(0);
  });
});

describe('loader.conf', () => {
  it("loader.conf(5)'s example: timeout 0, a default glob on the machine id", () => {
    const c = parseLoaderConf('# /boot/efi/loader/loader.conf\ntimeout 0\ndefault 01234567890abcdef1234567890abdf0-*\neditor no\n', '/boot/efi/loader/loader.conf');
    expect(c.default).toEqual({ pattern: '01234567890abcdef1234567890abdf0-*', line: 3 });
    expect(c.timeout).toMatchObject({ seconds: 0, forever: false, line: 2 });
    expect(c.warnings).toEqual([]);
  });
  it('last value wins, quotes and tabs go, @saved is kept, other @ names and bad timeouts are ignored with a warning', () => {
    const c = parseLoaderConf('default a.conf\ndefault\t"b-*"\ntimeout soon\n', 'L');
    expect(c.default).toEqual({ pattern: 'b-*', line: 2 });
    expect(c.timeout).toBeUndefined();
    expect(c.warnings.map((w) => w.line)).toEqual([3]);
    expect(parseLoaderConf('default @saved\n', 'L').default?.pattern).toBe('@saved');
    const odd = parseLoaderConf('default @oneshot\n', 'L');
    expect(odd.default).toBeUndefined();
    expect(odd.warnings[0]?.message).toMatch(/no such special entry/);
  });
  it('timeout menu-force: the menu waits for ever, said in a warning', () => {
    const c = parseLoaderConf('timeout menu-force\n', 'L');
    expect(c.timeout?.forever).toBe(true);
    expect(c.warnings[0]?.message).toMatch(/no unattended reboot/);
  });
});

describe('efi_fnmatch', () => {
  it('*, ?, sets, ranges, negation and escapes; the whole id must match', () => {
    expect(efiFnmatch('abc-*', 'abc-6.1.conf')).toBe(true);
    expect(efiFnmatch('abc-*', 'xabc-6.1.conf')).toBe(false);
    expect(efiFnmatch('a?c.conf', 'abc.conf')).toBe(true);
    expect(efiFnmatch('[a-c]x*', 'bx1')).toBe(true);
    expect(efiFnmatch('[!a-c]x*', 'bx1')).toBe(false);
    expect(efiFnmatch('a\\*', 'a*')).toBe(true);
    expect(efiFnmatch('a\\*', 'ab')).toBe(false);
    expect(efiFnmatch('6.1', '6.1.conf')).toBe(false);
  });
});

describe("systemd-boot's order and default", () => {
  // systemd src/test/test-bootspec.c, bootspec_sort: the files and the order systemd asserts.
  const BOOTSPEC_SORT = [
    entry('a-10.conf', 'title A\nversion 10\nmachine-id dd235d00696545768f6f693bfd23b15f\nlinux /a\n'),
    entry('a-5.conf', 'title A\nversion 5\nmachine-id dd235d00696545768f6f693bfd23b15f\nlinux /a\n'),
    entry('b.conf', 'title B\nversion 3\nmachine-id b75451ad92f94feeab50b0b442768dbd\nlinux /b\n'),
    entry('c.conf', 'title C\nsort-key xxxx\nversion 5\nmachine-id 309de666fd5044268a9a26541ac93176\nlinux /c\n'),
    entry('cx.conf', 'title C\nsort-key xxxx\nversion 10\nmachine-id 309de666fd5044268a9a26541ac93176\nlinux /c\n'),
    entry('d.conf', 'title D\nsort-key kkkk\nversion 100\nmachine-id 81c6e3147cf544c19006af023e22b292\nlinux /d\n'),
  ];
  it("sorts systemd's bootspec_sort entries as systemd asserts; no default: the first", () => {
    const b = parseSdboot({ files: BOOTSPEC_SORT, vars: {}, linuxExists: all });
    expect(b.entries.map((e) => e.id)).toEqual(['d.conf', 'cx.conf', 'c.conf', 'b.conf', 'a-10.conf', 'a-5.conf']);
    expect(b.default).toMatchObject({ entry: 0, from: 'none', matchedBy: 'first-entry', matched: true });
  });
  it("loader.conf's glob picks the first match in that order, case-folded; no match falls back to the first entry", () => {
    const conf = parseLoaderConf('default A-*\n', '/boot/efi/loader/loader.conf');
    const b = parseSdboot({ files: BOOTSPEC_SORT, conf, vars: {}, linuxExists: all });
    expect(b.default).toMatchObject({ entry: 4, from: 'config', matchedBy: 'glob', matched: true, line: 1 });
    const none = parseSdboot({ files: BOOTSPEC_SORT, conf: parseLoaderConf('default z*\n', 'L'), vars: {}, linuxExists: all });
    expect(none.default).toMatchObject({ entry: 0, matched: false, matchedBy: 'first-entry', requested: 'z*' });
    expect(none.default.note).toMatch(/matches no entry: systemd-boot boots its first entry/);
  });
  it('EFI variables win over loader.conf: LoaderEntryOneShot once, then LoaderEntryDefault; @saved reads LoaderEntryLastBooted', () => {
    const conf = parseLoaderConf('default d.conf\n', 'L');
    const once = parseSdboot({ files: BOOTSPEC_SORT, conf, vars: { LoaderEntryOneShot: 'b.conf', LoaderEntryDefault: 'c.conf' }, linuxExists: all });
    expect(once.default).toMatchObject({ entry: 3, from: 'efi-variable', oneTime: true });
    const set = parseSdboot({ files: BOOTSPEC_SORT, conf, vars: { LoaderEntryDefault: 'c.conf' }, linuxExists: all });
    expect(set.default).toMatchObject({ entry: 2, from: 'efi-variable', oneTime: false });
    const saved = parseSdboot({ files: BOOTSPEC_SORT, conf: parseLoaderConf('default @saved\n', 'L'), vars: { LoaderEntryLastBooted: 'a-5.conf' }, linuxExists: all });
    expect(saved.default.entry).toBe(5);
  });
  it('timeout menu-force: nothing boots unattended (no next entry), unless LoaderConfigTimeout overrides it', () => {
    const conf = parseLoaderConf('timeout menu-force\ndefault d.conf\n', 'L');
    const waits = parseSdboot({ files: BOOTSPEC_SORT, conf, vars: {}, linuxExists: all });
    expect(waits.default.entry).toBeUndefined();
    expect(waits.default.note).toMatch(/L:1 timeout menu-force: .*entry 0 highlighted.*nothing boots unattended/);
    expect(parseSdboot({ files: BOOTSPEC_SORT, conf, vars: { LoaderConfigTimeout: '5' }, linuxExists: all }).default.entry).toBe(0);
    expect(parseSdboot({ files: BOOTSPEC_SORT, conf: parseLoaderConf('timeout 3\n', 'L'), vars: { LoaderConfigTimeout: 'menu-force' }, linuxExists: all }).default.entry).toBeUndefined();
  });

  it('an entry whose linux file is missing is dropped, with a warning naming the file', () => {
    const b = parseSdboot({ files: BOOTSPEC_SORT, vars: {}, linuxExists: (p) => p !== '/d' });
    expect(b.entries[0]?.id).toBe('cx.conf');
    expect(b.warnings).toEqual([expect.objectContaining({ file: `${DIR}/d.conf`, message: expect.stringMatching(/drops this entry: \/d is not on the partition/) })]);
  });
  it('boot counting: an entry with no tries left goes last; all options lines are joined', () => {
    expect(triesOf('x+3-1.conf')).toEqual({ left: 3, done: 1 });
    expect(triesOf('x+0.conf')).toEqual({ left: 0, done: 0 });
    expect(triesOf('x.conf')).toBeUndefined();
    const files = [entry('m-6.1.12+0-3.conf', 'linux /n\noptions root=/dev/a\noptions quiet\n'), entry('m-6.1.10.conf', 'linux /o\n')];
    const b = parseSdboot({ files, vars: {}, linuxExists: all });
    expect(b.entries.map((e) => e.id)).toEqual(['m-6.1.10.conf', 'm-6.1.12+0-3.conf']);
    expect(b.entries[1]?.args).toBe('root=/dev/a quiet');
  });
});

describe('reading helpers', () => {
  it('an efivarfs value: 4 bytes of attributes, then UTF-16LE up to NUL', () => {
    const data = Buffer.concat([Buffer.from([7, 0, 0, 0]), Buffer.from('abc.conf\0', 'utf16le')]);
    expect(decodeEfiString(data)).toBe('abc.conf');
  });
  it('the ESP of a configuration path', () => {
    expect(espOfConfig('/boot/efi/loader/loader.conf')).toBe('/boot/efi');
    expect(espOfConfig('/efi/loader/entries')).toBe('/efi');
  });
});
