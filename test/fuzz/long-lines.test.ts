/**
 * Lines of a quarter megabyte given to every line-based parser, built to make
 * a backtracking pattern or a push(...list) fail: runs of blanks before a CR,
 * of separators, quotes, escapes, words. The watchdog (300 s per input) is the
 * hang bound: the old GRUB legacy pattern took 2.3 s on a line of 20,000
 * blanks before a CR, so about 6 minutes on each of these.
 */
import { describe, it } from 'vitest';
import { parseVerifyOutput } from '../../src/audit/verify.js';
import { parseBlsEntry } from '../../src/bootloader/parse-bls.js';
import { parseExtlinux } from '../../src/bootloader/parse-extlinux.js';
import { parseGrubLegacy } from '../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../src/bootloader/parse-grub2.js';
import { parseLilo } from '../../src/bootloader/parse-lilo.js';
import { parseIni } from '../../src/dnf-config/parse-ini.js';
import { parseTransaction } from '../../src/dnf/resolve/parse-table.js';
import { parsePlanText } from '../../src/recovery/patch-plan/file.js';
import { parseProcNet } from '../../src/snapshot/parse-proc-net.js';
import { parseListUnits } from '../../src/snapshot/parse-systemctl.js';
import { parsePasswd } from '../../src/snapshot/passwd.js';
import { parseOrParseError } from './support/contract.js';
import { once } from './support/fuzz.js';

const QUARTER_MB = 256 * 1024;
const SHAPES: readonly string[] = [
  ` ${' '.repeat(QUARTER_MB)}b\rc`,
  `=${' '.repeat(QUARTER_MB)}b\rc`,
  ` ${'= '.repeat(QUARTER_MB / 2)}\rc`,
  ` ${'y '.repeat(QUARTER_MB / 2)}`,
  ` ${'a,'.repeat(QUARTER_MB / 2)}`,
  ` "${'a'.repeat(QUARTER_MB)}`,
  ` ${'\\'.repeat(QUARTER_MB)}`,
  ` \${${'a'.repeat(QUARTER_MB)}`,
  ` ${'\t'.repeat(QUARTER_MB)}\u2028x`,
  ` (${'a'.repeat(QUARTER_MB)}`,
];

const RULE = '='.repeat(20);
/** Each parser, the words a long line starts with, and the document around it (so that the line is read, not refused first). */
const LINE_PARSERS: [string, string[], (line: string) => string, (t: string) => unknown][] = [
  ['GRUB 2', ['menuentry', 'set default=', 'linux', 'initrd', 'echo', '#'], (l) => `menuentry 'a' {\n${l}\n}\n${l}\n`, (t) => parseGrub2(t, 'g')],
  ['GRUB legacy', ['title', 'kernel', 'default', 'fallback', 'initrd'], (l) => `title a\n${l}\n`, (t) => parseGrubLegacy(t, 'g')],
  ['LILO', ['image', 'label', 'append', 'default', 'initrd'], (l) => `image=/v\n${l}\n`, (t) => parseLilo(t, 'l')],
  ['extlinux', ['LABEL', 'KERNEL', 'INITRD', 'APPEND', 'DEFAULT', 'MENU'], (l) => `LABEL a\n${l}\n`, (t) => parseExtlinux(t, 'e')],
  ['BLS', ['title', 'options', 'linux', 'initrd'], (l) => l, (t) => parseBlsEntry(t, '/e/a-1.conf')],
  ['INI', ['k', '[s', ';', ' '], (l) => `[main]\nk=v\n${l}\n`, (t) => parseIni(t, 'i')],
  ['transaction', [' x', '   replacing', 'Installing:', ' '], (l) => `${RULE}\n h\n${RULE}\nInstalling:\n x a 1-1 r 1 k\n${l}\nTransaction Summary\nInstall 1 Package\n`, parseTransaction],
  ['rpm -V', ['S.5....T.  c /', 'missing   c /', 'package'], (l) => l, parseVerifyOutput],
  ['systemctl', ['a.service', 'b.service loaded'], (l) => l, (t) => parseListUnits(t, 's')],
  ['/proc/net', ['0: 0100007F:0016', '1:'], (l) => `h\n${l}\n`, (t) => parseProcNet(t, 'tcp', 's')],
  ['plan', ['a = "', 'b = [', '[', '# '], (l) => l, (t) => parsePlanText(t)],
  ['passwd', ['root:x:0:0:', '#'], (l) => l, parsePasswd],
];

describe('lines of a quarter megabyte: through, never stuck', () => {
  it.each(LINE_PARSERS)('%s', (name, keywords, around, parse) => {
    SHAPES.forEach((shape, k) => {
      for (const keyword of [keywords[k % keywords.length], keywords[(k + 1) % keywords.length]]) {
        const text = around(`${keyword}${shape}`);
        once(`${name}: long line ${k} after ${JSON.stringify(keyword)}`, () => {
          try {
            parse(text);
          } catch (e) {
            // A ParseError is an answer (checked against the text); so is the plan's ConfigError.
            if ((e as Error).name !== 'ConfigError') parseOrParseError(text, () => { throw e; });
          }
        });
      }
    });
  });
});
