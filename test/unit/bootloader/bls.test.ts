import { describe, expect, it } from 'vitest';
import { compareBlsIds, sortBlsEntries, splitNvr } from '../../../src/bootloader/bls-sort.js';
import { expandGrubVars, grubPairs, parseBlsEntry } from '../../../src/bootloader/parse-bls.js';
import { parseBlsOnly } from '../../../src/bootloader/bls-entries.js';
import { ParseError } from '../../../src/errors.js';
import { blsFolder } from './configs.js';

const MID = '0123456789abcdef0123456789abcdef';

describe('BLS entry files', () => {
  it('the id is the file name without .conf; keys keep their lines', () => {
    const e = parseBlsEntry('title T\n# comment\n  version   6.1 \nlinux /vmlinuz-6.1\n', '/boot/loader/entries/x-6.1.conf');
    expect(e.id).toBe('x-6.1');
    expect(e.pairs).toEqual([
      { key: 'title', value: 'T', line: 1 },
      { key: 'version', value: '6.1', line: 3 },
      { key: 'linux', value: '/vmlinuz-6.1', line: 4 },
    ]);
  });

  it('GRUB stops reading at a line without a value; the specification does not', () => {
    const [e] = blsFolder('bls-blank-line-stops-grub');
    expect(e?.grubStopLine).toBe(4);
    expect(e?.pairs.map((p) => p.key)).toEqual(['title', 'version', 'linux', 'initrd', 'options']);
    expect(grubPairs(e!).map((p) => p.key)).toEqual(['title', 'version', 'linux']);
  });

  it('a file name without .conf is a ParseError', () => {
    expect(() => parseBlsEntry('title x', 'entries/readme.txt')).toThrow(ParseError);
  });

  it('expands $var and ${var} from the GRUB environment; unknown ones vanish', () => {
    const env = new Map([['kernelopts', 'root=/dev/sda2 ro'], ['tuned_params', '']]);
    expect(expandGrubVars('$kernelopts $tuned_params ${kernelopts} $nope quiet', env)).toBe('root=/dev/sda2 ro root=/dev/sda2 ro quiet');
  });
});

describe("blscfg's order: newest first by NAME-VERSION-RELEASE of the file name", () => {
  it('splits as split_package_string does', () => {
    expect(splitNvr(`${MID}-5.14.0-503.11.1.el9_5.x86_64`)).toEqual([MID, '5.14.0', '503.11.1.el9_5.x86_64']);
    expect(splitNvr(`${MID}-0-rescue`)).toEqual([MID, '0', 'rescue']);
    expect(splitNvr('a-b')).toEqual(['a', 'b', '']);
    expect(splitNvr('plain')).toEqual(['plain', '', '']);
  });

  it('orders versions with rpmvercmp: ~ before the release, +debug after', () => {
    const ids = sortBlsEntries(blsFolder('bls-sort-order')).entries.map((e) => e.id.replace(`${MID}-`, ''));
    expect(ids).toEqual([
      '7.0.0-1.x86_64',
      '6.1.12-1.x86_64',
      '6.1.12~rc1-1.x86_64',
      '6.1.10-1.x86_64+debug',
      '6.1.10-1.x86_64',
      '6.1.9-1.x86_64',
      '0-rescue',
      'ffffffffffffffffffffffffffffffff-5.14.0-1.el9.x86_64',
    ]);
  });

  it('two names that compare equal are one entry to GRUB: the first read is kept', () => {
    const a = parseBlsEntry('linux /a', `/e/${MID}-6.1.10-01.conf`);
    const b = parseBlsEntry('linux /b', `/e/${MID}-6.1.10-1.conf`);
    expect(compareBlsIds(a.id, b.id)).toBe(0);
    const sorted = sortBlsEntries([a, b]);
    expect(sorted.entries).toEqual([a]);
    expect(sorted.dropped).toEqual([{ entry: b, sameAs: a }]);
  });
});

describe('BLS entries alone (--type bls)', () => {
  const files = blsFolder('bls-sort-order');
  it('default: next_entry, then saved_entry, by id; else the first entry', () => {
    const env = (o: Record<string, string>) => new Map(Object.entries(o));
    expect(parseBlsOnly(files, env({ saved_entry: `${MID}-6.1.9-1.x86_64` })).default).toMatchObject({ entry: 4, matchedBy: 'id', from: 'saved_entry' });
    expect(parseBlsOnly(files, env({ saved_entry: `${MID}-6.1.9-1.x86_64`, next_entry: '1' })).default).toMatchObject({ entry: 1, matchedBy: 'index', oneTime: true });
    expect(parseBlsOnly(files, env({})).default).toMatchObject({ entry: 0, matched: true, from: 'none' });
  });

  it('entries without linux are skipped with a warning; versions come from the version key', () => {
    const p = parseBlsOnly(files, new Map());
    expect(p.entries.map((e) => e.index)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(p.entries[0]?.version).toBe('6.1.12-1.x86_64');
    expect(p.entries[5]?.rescue).toBe(true);
    expect(p.warnings).toHaveLength(1);
  });
});
