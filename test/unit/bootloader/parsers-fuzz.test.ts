/**
 * The parsers' contract under random input: a model, or a ParseError with a
 * line and a column; never another exception, never a hang. FUZZ_RUNS raises
 * the number of runs (npm run fuzz).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import { parseExtlinux } from '../../../src/bootloader/parse-extlinux.js';
import { parseGrubEnv } from '../../../src/bootloader/parse-grubenv.js';
import { parseBlsEntry } from '../../../src/bootloader/parse-bls.js';
import { blsFolder } from './configs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Text made of the pieces GRUB scripts are made of, so the fuzzer reaches deep into the grammar. */
const grubish = fc
  .array(
    fc.oneof(
      fc.constantFrom('menuentry ', 'submenu ', 'if ', 'then ', 'elif ', 'else ', 'fi', 'for ', 'do ', 'done', 'function ', '[ ', ' ]', '{', '}', ';', '\n', ' ', "'", '"', '\\', '$', '${', 'saved_entry', 'default=', 'set ', 'load_env', 'blscfg', 'linux /vmlinuz-1 ', 'initrd /i ', '>', '#', 'source x', '-z ', '='),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

function onlyParseErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    const pe = e as ParseError;
    expect(pe.line).toBeGreaterThanOrEqual(1);
    expect(pe.column).toBeGreaterThanOrEqual(1);
  }
}

describe('parsers under random input', () => {
  const bls = blsFolder('bls-sort-order');

  it('GRUB 2: a model or a ParseError', () => {
    fc.assert(
      fc.property(grubish, fc.dictionary(fc.constantFrom('saved_entry', 'next_entry', 'kernelopts', 'fallback'), fc.string({ maxLength: 12 })), (text, env) => {
        onlyParseErrors(() => parseGrub2(text, 'grub.cfg', { grubenv: env, bls, exists: () => true, includes: new Map([['/grub2/x', text]]) }));
      }),
      { numRuns: RUNS },
    );
  });

  it('GRUB 2 on arbitrary unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => onlyParseErrors(() => parseGrub2(text, 'g'))), { numRuns: RUNS });
  });

  it('GRUB legacy, LILO, extlinux never throw', () => {
    const lines = fc.array(fc.oneof(fc.constantFrom('title x', 'default=1', 'default saved', 'fallback 0 1', 'kernel (hd0', 'image=/v', 'label=', 'other=', 'LABEL a', 'DEFAULT a b', 'MENU DEFAULT', 'ONTIMEOUT', 'append="', 'TEXT HELP'), fc.string({ maxLength: 10 })), { maxLength: 30 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(lines, fc.string({ maxLength: 5 }), (text, saved) => {
        for (const p of [parseGrubLegacy(text, 'g', { savedDefault: saved }), parseLilo(text, 'l'), parseExtlinux(text, 'e')]) {
          if (p.default.entry !== undefined) expect(p.default.entry).toBeLessThan(p.entries.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('grubenv: any bytes give a report, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1100 }), fc.boolean(), (bytes, header) => {
        const data = header ? Buffer.concat([Buffer.from('# GRUB Environment Block\n'), bytes]) : Buffer.from(bytes);
        const r = parseGrubEnv(data, 'grubenv');
        expect(r.size).toBe(data.length);
        expect(r.readable).toBe(header || data.subarray(0, 25).toString('latin1') === '# GRUB Environment Block\n');
      }),
      { numRuns: RUNS },
    );
  });

  it('BLS entries: any text in a .conf file parses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const e = parseBlsEntry(text, '/e/a-1-1.conf');
        expect(e.id).toBe('a-1-1');
        for (const p of e.pairs) expect(p.key).not.toMatch(/\s/);
      }),
      { numRuns: RUNS },
    );
  });
});
