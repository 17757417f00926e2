/**
 * The boot-loader parsers under random input and mutated real configs (this
 * repository's fixtures/boot and grubby's, RHEL's and Fedora's files under
 * fixtures/upstream): GRUB 2 (script, grubenv, BLS, source), GRUB
 * legacy, LILO, extlinux, grubenv and BLS entries. GRUB 2 and BLS file names
 * may throw ParseError; GRUB legacy, LILO, extlinux and grubenv never throw
 * (a bad file is a finding in the result).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlsOnly } from '../../src/bootloader/bls-entries.js';
import type { ParsedBoot } from '../../src/bootloader/model.js';
import { expandGrubVars, parseBlsEntry, type BlsEntry } from '../../src/bootloader/parse-bls.js';
import { parseExtlinux } from '../../src/bootloader/parse-extlinux.js';
import { parseGrubLegacy } from '../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../src/bootloader/parse-grub2.js';
import { GRUBENV_SIGNATURE, parseGrubEnv } from '../../src/bootloader/parse-grubenv.js';
import { parseLilo } from '../../src/bootloader/parse-lilo.js';
import { expectInside, parseOrParseError } from './support/contract.js';
import { bytes, FILES, texts } from './support/fixtures.js';
import { fuzz } from './support/fuzz.js';
import { mutated, mutatedBytes } from './support/mutate.js';
import { anyText, linesOf, longLine, vocabulary } from './support/text.js';

/** What every parsed boot configuration must satisfy, whatever the input. */
function expectSane(p: ParsedBoot): void {
  if (p.default.entry !== undefined) expect(p.default.entry).toBeLessThan(p.entries.length);
  if (p.fallback?.entry !== undefined) expect(p.fallback.entry).toBeLessThan(p.entries.length);
  for (const e of p.entries) expect(e.source.line).toBeGreaterThanOrEqual(1);
  for (const w of p.warnings) if (w.line !== undefined) expect(w.line).toBeGreaterThanOrEqual(1);
}

const blsTexts = texts(FILES.bls());
const blsSet: BlsEntry[] = blsTexts.map((t, i) => parseBlsEntry(t, `/boot/loader/entries/0123456789abcdef0123456789abcdef-6.1.${i}-1.x86_64.conf`));

/** Text made of the pieces GRUB scripts are made of, so the fuzzer reaches deep into the grammar. */
const grubish = vocabulary([
  'menuentry ', 'submenu ', 'if ', 'then ', 'elif ', 'else ', 'fi', 'for ', 'do ', 'done', 'while ', 'function ', '[ ', ' ]', '{', '}', ';', '\n', ' ',
  "'", '"', '\\', '$', '${', '}', 'saved_entry', 'next_entry', 'default=', 'set ', 'unset ', 'export ', 'load_env', 'load_env -f x', 'blscfg', 'bls_import',
  'linux /vmlinuz-1 ', 'linuxefi ', 'initrd /i ', 'multiboot ', 'module ', 'chainloader +1', '--id ', '--class ', '--id=', '>', '#', 'source x', 'source /grub2/x',
  'configfile x', '-z ', '-n ', '-f ', '-s ', '-e ', '=', '!=', '-eq', '-lt', '-a ', '-o ', '! ', 'true', 'false', 'test ', '$1', '$?', 'fallback=', 'x',
]);
const grubEnv = fc.dictionary(fc.constantFrom('saved_entry', 'next_entry', 'kernelopts', 'fallback', 'default', 'tuned_params', 'boot_success'), fc.oneof(anyText, fc.constantFrom('0', '1', '0>1', 'id-1', 'Linux 1')), { maxKeys: 5 });
const grub2Options = fc.record({ grubenv: fc.option(grubEnv, { nil: undefined }), exists: fc.boolean(), efi: fc.boolean(), bls: fc.boolean() });

function grub2(text: string, o: { grubenv?: Record<string, string> | undefined; exists: boolean; efi: boolean; bls: boolean }): ParsedBoot {
  return parseGrub2(text, 'grub.cfg', {
    ...(o.grubenv ? { grubenv: o.grubenv } : {}),
    bls: o.bls ? blsSet : [],
    exists: () => o.exists,
    includes: new Map([['x', text], ['/grub2/x', text], ['/grub2/custom.cfg', text]]),
    platform: o.efi ? 'efi' : 'pc',
  });
}

describe('GRUB 2 (grub.cfg): a model or a ParseError', () => {
  const real = texts(FILES.grub2());

  it('on text made of GRUB script pieces, with a grubenv, BLS entries and a sourced file', () => {
    fuzz('grub2 script pieces', [grubish, grub2Options], (text, o) => {
      const r = parseOrParseError(text, (t) => grub2(t, o));
      if (r.ok) expectSane(r.value);
    });
  });

  it('on any text', () => {
    fuzz('grub2 any text', [anyText], (text) => {
      const r = parseOrParseError(text, (t) => parseGrub2(t, 'g'));
      if (r.ok) expectSane(r.value);
    });
  });

  it('on mutated real grub.cfg files', () => {
    fuzz('grub2 mutated', [mutated(real), grub2Options], (text, o) => {
      const r = parseOrParseError(text, (t) => grub2(t, o));
      if (r.ok) expectSane(r.value);
    });
  });

  it('on very long lines', () => {
    fuzz('grub2 long lines', [longLine(['', 'menuentry ', 'set default=', 'linux /v ', 'initrd ', 'echo ', '"', "'", '${', '# ', 'if [ '])], (text) => {
      parseOrParseError(text, (t) => parseGrub2(t, 'g'));
    }, { scale: 0.2 });
  });
});

describe('GRUB legacy, LILO, extlinux: always a model, never an exception', () => {
  const legacyLines = linesOf(fc.oneof(fc.constantFrom('title x', 'default=1', 'default 0', 'default saved', 'fallback 0 1', 'fallback=1,2', 'kernel (hd0,0)/vmlinuz-1 ro', 'kernel /xen.gz', 'module /vmlinuz-2', 'module /initrd-2', 'initrd /i', 'chainloader +1', 'root (hd0', '#', 'TITLE y'), anyText));
  const liloLines = linesOf(fc.oneof(fc.constantFrom('image=/v', 'image = /boot/vmlinuz-1', 'label=', 'label=linux', 'alias=l', 'other=/dev/sda1', 'default=linux', 'map=/boot/map', 'append="quiet"', 'append="', 'literal=x', 'initrd=/i', 'root=/dev/sda1', '# c', '"#"'), anyText));
  const extlinuxLines = linesOf(fc.oneof(fc.constantFrom('LABEL a', 'label b', 'DEFAULT a b', 'DEFAULT menu.c32', 'UI menu.c32', 'MENU DEFAULT', 'MENU LABEL ^x', 'MENU INCLUDE f', 'INCLUDE f', 'ONTIMEOUT a', 'KERNEL /v', 'KERNEL x.c32', 'LINUX /v', 'INITRD a,b', 'APPEND -', 'APPEND initrd=/i ro', 'TEXT HELP', 'ENDTEXT', 'COM32 x', 'LOCALBOOT 0'), anyText));

  it('GRUB legacy on config-like lines, any text and mutated real files', () => {
    const real = texts(FILES.grubLegacy());
    fuzz('grub legacy', [fc.oneof(legacyLines, anyText, mutated(real)), fc.option(anyText, { nil: undefined })], (text, saved) => {
      expectSane(parseGrubLegacy(text, 'g', saved === undefined ? {} : { savedDefault: saved }));
    });
  });

  it('LILO on config-like lines, any text and mutated real files', () => {
    const real = texts(FILES.lilo());
    fuzz('lilo', [fc.oneof(liloLines, anyText, mutated(real))], (text) => expectSane(parseLilo(text, 'l')));
  });

  it('extlinux on config-like lines, any text and mutated real files', () => {
    const real = texts(FILES.extlinux());
    fuzz('extlinux', [fc.oneof(extlinuxLines, anyText, mutated(real))], (text) => expectSane(parseExtlinux(text, 'e')));
  });

  it('all three on very long lines', () => {
    fuzz('legacy/lilo/extlinux long lines', [longLine(['', 'title ', 'kernel ', 'default ', 'fallback ', 'image=', 'append="', 'label ', 'initrd ', 'INITRD ', 'APPEND ', 'DEFAULT ', 'a'])], (text) => {
      for (const p of [parseGrubLegacy(text, 'g'), parseLilo(text, 'l'), parseExtlinux(text, 'e')]) expectSane(p);
    }, { scale: 0.2 });
  });
});

describe('grubenv: any bytes give a report, never an exception', () => {
  const check = (data: Buffer): void => {
    const r = parseGrubEnv(data, 'grubenv');
    expect(r.size).toBe(data.length);
    expect(r.readable).toBe(data.subarray(0, GRUBENV_SIGNATURE.length).toString('latin1') === GRUBENV_SIGNATURE);
    if (!r.readable) expect(Object.keys(r.vars)).toEqual([]);
  };

  it('on random bytes, with and without the signature', () => {
    fuzz('grubenv bytes', [fc.uint8Array({ maxLength: 1100 }), fc.boolean()], (b, header) => {
      check(header ? Buffer.concat([Buffer.from(GRUBENV_SIGNATURE), b]) : Buffer.from(b));
    });
  });

  it('on real blocks (grub-editenv, RHEL, leapp, grubby) with bytes changed, inserted, cut', () => {
    fuzz('grubenv mutated', [mutatedBytes(bytes(FILES.grubenv()))], check);
  });
});

describe('BLS entries', () => {
  it('any text in a .conf file parses; keys hold no blanks', () => {
    fuzz('bls any text', [fc.oneof(anyText, mutated(blsTexts), longLine(['', 'title ', 'options ', 'linux ', '#']))], (text) => {
      const e = parseBlsEntry(text, '/e/a-1-1.conf');
      expect(e.id).toBe('a-1-1');
      for (const p of e.pairs) expect(p.key).not.toMatch(/\s/);
      if (e.grubStopLine !== undefined) expectInside(text, e.grubStopLine);
    });
  });

  it('a file name that is not NAME.conf is a ParseError at line 1', () => {
    fuzz('bls file names', [anyText, anyText], (text, name) => {
      const r = parseOrParseError(text, (t) => parseBlsEntry(t, `/boot/loader/entries/${name}`));
      if (!r.ok) expect(r.error.line).toBe(1);
    });
  });

  it('entries read alone (--type bls) or through blscfg sort and resolve the default without throwing', () => {
    const entry = fc.tuple(fc.oneof(mutated(blsTexts), anyText), fc.constantFrom('6.1.10-1.x86_64', '6.1.12~rc1-1', '0-rescue', '', '6.1.10-1.x86_64+debug', 'a', '~', '^'), fc.nat(9))
      .map(([t, v, k]) => parseBlsEntry(t, `/boot/loader/entries/${'0'.repeat(32)}-${v}-${k}.conf`));
    fuzz('bls sets', [fc.array(entry, { maxLength: 8 }), grubEnv], (set, env) => {
      expectSane(parseBlsOnly(set, new Map(Object.entries(env))));
      expectSane(parseGrub2('set default="${saved_entry}"\nblscfg\n', 'g', { bls: set, grubenv: env }));
    });
  });

  it('$variables in options expand from any environment', () => {
    fuzz('bls expand', [anyText, grubEnv], (text, env) => {
      expect(expandGrubVars(text, new Map(Object.entries(env)))).not.toMatch(/\s\s/);
    });
  });
});

