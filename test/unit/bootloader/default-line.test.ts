/**
 * Every parser says which line of the configuration set the default
 * (DefaultChoice.line), on every real configuration there is: this
 * repository's fixtures/boot and the upstream ones (grubby's GRUB legacy,
 * GRUB 2, LILO, ELILO and extlinux files; RHEL GRUB 2 configurations). The
 * line is the one that sets it in the boot loader's own syntax, and it is
 * there whenever the file has such a line that the parser followed. (A file the
 * parser refuses, a ParseError, has no default to point at.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExtlinux } from '../../../src/bootloader/parse-extlinux.js';
import { parseGrubLegacy } from '../../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseLilo } from '../../../src/bootloader/parse-lilo.js';
import type { ParsedBoot } from '../../../src/bootloader/model.js';
import { ParseError } from '../../../src/errors.js';
import { FILES } from '../../fuzz/support/fixtures.js';

interface Format {
  parse: (text: string, file: string) => ParsedBoot;
  /** A line that sets the default in this syntax. */
  sets: RegExp;
  files: () => string[];
}

const FORMATS: Record<string, Format> = {
  'GRUB legacy': { parse: parseGrubLegacy, sets: /^\s*default\b/, files: FILES.grubLegacy },
  'GRUB 2': { parse: (t, f) => parseGrub2(t, f, { grubenv: { saved_entry: 'x', next_entry: '' } }), sets: /\bset\s+default=|\bdefault=/, files: FILES.grub2 },
  LILO: { parse: parseLilo, sets: /^\s*default\s*=/, files: FILES.lilo },
  extlinux: { parse: parseExtlinux, sets: /^\s*(default|ontimeout|menu\s+default)\b/i, files: FILES.extlinux },
};

describe.each(Object.entries(FORMATS))('%s: DefaultChoice.line', (_, format) => {
  const cases = format.files().map((f) => [path.relative(path.resolve('fixtures'), f), f] as const);

  it('has real files to check', () => expect(cases.length).toBeGreaterThan(3));

  it.each(cases)('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    let parsed: ParsedBoot;
    try {
      parsed = format.parse(text, file);
    } catch (e) {
      expect(e, 'a configuration the parser refuses has no default').toBeInstanceOf(ParseError);
      return;
    }
    const line = parsed.default.line;
    if (line !== undefined) {
      expect(line).toBeGreaterThanOrEqual(1);
      expect(lines[line - 1], `line ${line}`).toMatch(format.sets);
      expect(parsed.default.file, 'the file of the line').toBe(file);
      expect(parsed.default.setting, 'the setting on the line').toBeTruthy();
    }
    if (parsed.default.from !== 'none') expect(line, `${parsed.default.note}`).toBeDefined();
  });
});
