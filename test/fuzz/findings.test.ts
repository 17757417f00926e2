/**
 * What fuzzing found, each as the smallest input that showed it, kept as a
 * plain test so that it never comes back. Listed in RELIABILITY.md ("Fuzzing").
 * The inputs are sized to fail clearly on the old code (a stack overflow, an
 * exception other than ParseError, or a run the watchdog stops) and to take
 * milliseconds on the fixed one.
 */
import { describe, expect, it } from 'vitest';
import { parseChangelogs } from '../../src/audit/parse-changelog.js';
import { parseExtlinux } from '../../src/bootloader/parse-extlinux.js';
import { parseGrubLegacy } from '../../src/bootloader/parse-grub-legacy.js';
import { parseGrub2 } from '../../src/bootloader/parse-grub2.js';
import { parseLilo } from '../../src/bootloader/parse-lilo.js';
import { parseTransaction } from '../../src/dnf/resolve/parse-table.js';
import { parseUpdateinfo } from '../../src/dnf/advisories/parse-updateinfo.js';
import { ParseError } from '../../src/errors.js';
import { parseProcStat } from '../../src/snapshot/parse-proc-pid.js';
import { parseRunRecord } from '../../src/record/check.js';
import { newRecord } from '../../src/record/store.js';
import { renderRunTable } from '../../src/recovery/history/table.js';
import { isBootVerdict } from '../../src/recovery/note/boot-read.js';
import { isNoteBoot } from '../../src/recovery/note/model.js';
import { once } from './support/fuzz.js';

/** More list items than Function.prototype.apply takes (about 120,000 on Node 20): push(...list) threw RangeError. */
const HUGE_LIST = 300_000;

describe('GRUB 2', () => {
  it('a file that sources itself ten times is followed a bounded number of times (it ran k^8 times: 5 lines took 4 s, 10 never ended)', () => {
    const text = "menuentry 'Linux' {\n  linux /vmlinuz-1\n}\n" + 'source /grub2/custom.cfg\n'.repeat(10);
    const p = once('self-sourcing grub.cfg', () => parseGrub2(text, 'grub.cfg', { includes: new Map([['/grub2/custom.cfg', text]]) }));
    expect(p.warnings.some((w) => /number more than 256 \(a file that sources itself\?\)/.test(w.message))).toBe(true);
    expect(p.entries.length).toBeGreaterThan(1);
    expect(p.entries.length).toBeLessThanOrEqual(1 + 256);
  });

  it('an initrd line with 300,000 files is read (push(...list) overflowed the stack)', () => {
    const p = parseGrub2(`menuentry 'a' {\n linux /v\n initrd ${'/i '.repeat(HUGE_LIST)}\n}\n`, 'g');
    expect(p.entries[0]?.initrds).toHaveLength(HUGE_LIST);
  });
});

describe('GRUB legacy, LILO, extlinux: a CR inside a long line', () => {
  // The line regular expressions backtracked through every blank before a CR
  // (quadratic: 20,000 blanks took 2.3 s, a 1 MB line hours) and then dropped the line;
  // on the old code these fail on the dropped line after about 15 s.
  const blanks = ' '.repeat(50_000);

  it('GRUB legacy reads the line, the CR as a blank as GRUB does', () => {
    const p = once('grub legacy CR', () => parseGrubLegacy(`title a\nkernel${blanks}/vmlinuz-1\rro\n`, 'g'));
    expect(p.entries[0]?.kernel).toBe('/vmlinuz-1');
    expect(p.entries[0]?.args).toBe('ro');
  });

  it('LILO reads the line', () => {
    const p = once('lilo CR', () => parseLilo(`image=/vmlinuz-1\n label=${blanks}a\rb\n`, 'l'));
    expect(p.entries).toHaveLength(1);
  });

  it('extlinux reads the line', () => {
    const p = once('extlinux CR', () => parseExtlinux(`LABEL a\nKERNEL${blanks}/vmlinuz-1\rx\n`, 'e'));
    expect(p.entries[0]?.kernel).toBe('/vmlinuz-1');
  });

  it('an extlinux INITRD of 300,000 files is read (push(...list) overflowed the stack)', () => {
    const p = parseExtlinux(`LABEL a\nKERNEL /v\nINITRD ${'/i,'.repeat(HUGE_LIST)}\n`, 'e');
    expect(p.entries[0]?.initrds).toHaveLength(HUGE_LIST);
  });
});

describe('dnf', () => {
  it('a transaction row continued by a line of 300,000 words is a ParseError, not a RangeError', () => {
    const table = [
      '================================================================================',
      ' Package          Arch        Version              Repository          Size',
      '================================================================================',
      'Installing:',
      ' kernel           x86_64      6.1-1                r                   10 k',
      `   ${'x '.repeat(HUGE_LIST)}`,
      '',
      'Transaction Summary',
      'Install  1 Package',
    ].join('\n');
    expect(() => parseTransaction(table)).toThrow(ParseError);
    expect(() => parseTransaction(table)).toThrow(/^dnf --assumeno output:5:2: cannot read the package row: kernel x86_64 6\.1-1 r 10 k x x x/);
  });

  it('a fault in an updateinfo.xml read for some package names is located in the file, not in the cut-down copy (was line 3 for line 6)', () => {
    const xml = '<updates>\n  <update>\n    <id>A</id>\n    <pkglist><collection><package name="other"/></collection></pkglist>\n  </update>\n  <bad x=/>\n</updates>\n';
    expect(() => parseUpdateinfo(xml, 'u.xml', new Set(['kernel']))).toThrow(new ParseError('u.xml', 6, 8, "Attribute 'x' is without value."));
    expect(() => parseUpdateinfo(xml, 'u.xml')).toThrow(new ParseError('u.xml', 6, 8, "Attribute 'x' is without value."));
  });

  it('an advisory listing 160,000 packages is read (push(...list) overflowed the stack)', () => {
    const xml = `<updates><update><id>A-1</id><pkglist><collection>${'<package name="a"/>'.repeat(160_000)}</collection></pkglist></update></updates>`;
    expect(parseUpdateinfo(xml)[0]?.packages).toHaveLength(160_000);
  });
});

describe('rpm headers (audit)', () => {
  it('a changelog time past what rpm can store is a ParseError, not a RangeError from new Date()', () => {
    expect(() => parseChangelogs('\x1efoo\x1f1-1\x1fnoarch\x1f99999999999999\x1cx\x1cy\x1d\x03\n')).toThrow(new ParseError('rpm -qp', 1, 1, "changelog time is out of rpm's range: 99999999999999"));
    expect(parseChangelogs('\x1efoo\x1f1-1\x1fnoarch\x1f4294967295\x1cx\x1cy\x1d\x03\n')[0]?.entries[0]?.date).toBe('2106-02-07');
  });
});

describe('/proc', () => {
  it('a /proc/PID/stat whose comm holds a newline locates a short line after it on line 2 (was a column past the end of line 1)', () => {
    expect(() => parseProcStat('4807 (a\nb) S 1 2', 'stat')).toThrow(new ParseError('stat', 2, 3, 'expected at least 22 fields, found 5'));
  });
});

describe('run records read back', () => {
  const good = newRecord({ id: '20261127T140000Z-000001', tool: 'rpm', commandLine: [], root: '/' });
  const text = (r: object): string => JSON.stringify(r);

  it('a record that is JSON but not of the shape the readers use is a ParseError, not a TypeError in history, note or undo', () => {
    expect(parseRunRecord(text(good), 'record.json', good.id)).toEqual(good);
    expect(() => parseRunRecord(text({ ...good, packages: [null] }), 'record.json', good.id)).toThrow(new ParseError('record.json', 1, 1, 'the run record has "packages[0]" that is not an object'));
    expect(() => parseRunRecord(text({ ...good, warnings: undefined }), 'record.json', good.id)).toThrow(/has "warnings" that is not a list of texts/);
    expect(() => parseRunRecord(text({ ...good, startedAt: 5 }), 'record.json', good.id)).toThrow(/has "startedAt" missing or not text/);
    expect(() => parseRunRecord('{"schema": "saferpm.run/1",\n "id": 2026', 'record.json', good.id)).toThrow(/^record.json:2:\d+: the run record is not valid JSON/);
    // what each of those did to 'saferpm history' before
    expect(() => renderRunTable([{ id: good.id, record: { ...good, packages: [null as never] } }])).toThrow(TypeError);
  });

  it('a boot section edited by hand is no verdict at all, not a crash of the note', () => {
    expect(isBootVerdict({ schema: 'saferpm.boot-verdict/1', safe: true, entries: [], checks: [], reasons: false })).toBe(false);
    expect(isBootVerdict({ schema: 'saferpm.boot-verdict/1', safe: true, entries: [], checks: [{ level: 'required', title: 't', finding: 'f' }], reasons: [] })).toBe(false);
    expect(isBootVerdict({ schema: 'saferpm.boot-verdict/1', safe: true, entries: [], checks: [], reasons: [] })).toBe(true);
    const noteBoot = { loader: 'grub2', configFile: '/boot/grub2/grub.cfg', defaultFrom: 'first', entries: [], findings: [], verdict: 'safe', bootIsSeparate: false };
    expect(isNoteBoot(noteBoot)).toBe(true);
    expect(isNoteBoot({ ...noteBoot, findings: [{}] })).toBe(false);
    expect(isNoteBoot({ ...noteBoot, loader: '' })).toBe(false);
    expect(isNoteBoot({ ...noteBoot, defaultEntry: [] })).toBe(false);
  });
});
