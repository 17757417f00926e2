/**
 * updateinfo.xml and repomd.xml from upstream test data (fixtures/upstream/repodata,
 * PROVENANCE.md), read with dnf's (libsolv's) semantics; reboot_suggested is checked row by
 * row against libsolv 0.7.23's measured reading in reboot-suggested-parsing.tsv.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseRepomd, parseUpdateinfo, type Advisory } from '../../../src/dnf/advisories/parse-updateinfo.js';
import { ParseError } from '../../../src/errors.js';
import { UPSTREAM } from '../../helpers/paths.js';

const REPODATA = path.join(UPSTREAM, 'repodata');
const read = (rel: string): string => {
  const bytes = readFileSync(path.join(REPODATA, rel));
  return (rel.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

describe('parseUpdateinfo on upstream data', () => {
  it('reboot_suggested per package agrees with libsolv on every row of reboot-suggested-parsing.tsv', () => {
    const rows = read('reboot-suggested-parsing.tsv').trim().split('\n').slice(1).map((l) => l.split('\t'));
    expect(rows.length).toBe(12);
    for (const [file, id, nevras, form, , , libsolv] of rows as string[][]) {
      const advisory = parseUpdateinfo(read(file as string), file).find((a) => a.id === id);
      expect(advisory, `${file} ${id}`).toBeDefined();
      for (const nevra of (nevras as string).split(', ')) {
        const p = findPackage(advisory as Advisory, nevra);
        expect(p, `${id} ${nevra}`).toBeDefined();
        expect(p?.rebootSuggested ? '1' : '0', `${file} ${id} ${nevra}: ${form}`).toBe(libsolv);
      }
    }
  });

  it('id, type, severity, title and CVEs (references of type cve, by their id attribute)', () => {
    const [a, b] = parseUpdateinfo(read('dnf5-repomd-repo1/repodata/updateinfo.xml'));
    expect(a).toMatchObject({ id: 'DNF-2019-1', type: 'security', severity: 'moderate', title: 'bugfix_A-1.0-1', cves: ['1111'] });
    expect(a?.packages).toEqual([
      { name: 'pkg', arch: 'x86_64', evr: '1.2-3', rebootSuggested: true },
      { name: 'filesystem', arch: 'x86_64', evr: '3.9-2.fc29', rebootSuggested: false },
    ]);
    expect(b).toMatchObject({ id: 'DNF-2020-1', type: 'bugfix', severity: 'critical', cves: ['3333'] });
    expect(b?.packages.map((p) => p.name)).toEqual(['wget', 'yum', 'bitcoin']); // every collection
    const beatles = parseUpdateinfo(read('libdnf-hawkey-yum/repodata/updateinfo.xml.gz')).find((x) => x.id === 'BEATLES-1967-1127');
    expect(beatles).toMatchObject({ type: 'security', cves: ['CVE-1967-BEATLES'] });
    expect(beatles?.severity).toBeUndefined();
  });

  it('with package names, only the advisories naming them are parsed, the same as filtering the whole', () => {
    for (const file of ['libdnf-advisories/updateinfo.xml', 'libdnf-hawkey-yum/repodata/updateinfo.xml.gz', 'createrepo_c-testdata/updateinfo_files/updateinfo_03.xml', 'dnf5-repomd-repo1/repodata/updateinfo.xml']) {
      const whole = parseUpdateinfo(read(file));
      for (const names of [new Set(['tour']), new Set(['duck', 'pkg']), new Set(['test-perl-DBI', 'wget']), new Set<string>()]) {
        const expected = whole.filter((a) => a.packages.some((p) => names.has(p.name)));
        expect(parseUpdateinfo(read(file), file, names), `${file} ${[...names]}`).toEqual(expected);
      }
    }
  });

  it('repomd.xml names the updateinfo file', () => {
    expect(parseRepomd(read('libdnf-hawkey-yum/repodata/repomd.xml')).find((d) => d.type === 'updateinfo')).toEqual({ type: 'updateinfo', href: 'repodata/updateinfo.xml.gz' });
    expect(parseRepomd(read('dnf5-repomd-repo1/repodata/repomd.xml')).map((d) => d.type)).toContain('updateinfo');
  });
});

describe('parseUpdateinfo edge cases', () => {
  const doc = (pkg: string, extra = '') => `<updates><update type="security"><id>A-1</id>${extra}<pkglist><collection><package name="k" version="1" release="1" epoch="0" arch="x86_64">${pkg}</package></collection></pkglist></update></updates>`;
  const reboot = (pkg: string, extra = '') => parseUpdateinfo(doc(pkg, extra))[0]?.packages[0]?.rebootSuggested;

  it('only T, t or 1 as the first character counts, inside <package> only', () => {
    expect(['True', 'true', '1', 'Totally'].map((v) => reboot(`<reboot_suggested>${v}</reboot_suggested>`))).toEqual([true, true, true, true]);
    expect(['False', '0', ' True', 'yes', ''].map((v) => reboot(`<reboot_suggested>${v}</reboot_suggested>`))).toEqual([false, false, false, false, false]);
    expect(reboot('<reboot_suggested/>')).toBe(false);
    expect(reboot('', '<reboot_suggested>True</reboot_suggested>')).toBe(false);
  });

  it('epoch 0 is no epoch; another epoch is kept', () => {
    expect(parseUpdateinfo(doc(''))[0]?.packages[0]?.evr).toBe('1-1');
    expect(parseUpdateinfo(doc('').replace('epoch="0"', 'epoch="2"'))[0]?.packages[0]?.evr).toBe('2:1-1');
  });

  it('the name filter keeps <updated> inside an update and reads single-quoted names', () => {
    const text = doc('').replace('<id>A-1</id>', "<id>A-1</id><updated date='x'/>").replace('name="k"', "name='k'");
    expect(parseUpdateinfo(text, 'x', new Set(['k']))[0]?.id).toBe('A-1');
    expect(parseUpdateinfo(text, 'x', new Set(['other']))).toEqual([]);
  });

  it('malformed XML and entity declarations are ParseErrors with a line', () => {
    expect(() => parseUpdateinfo('<updates>\n<update><id>x</update>')).toThrow(ParseError);
    expect(() => parseUpdateinfo('<!DOCTYPE u [<!ENTITY a "aaaa">]>\n<updates/>')).toThrow(/entity declarations/);
    expect(() => parseUpdateinfo('<other/>')).toThrow(/not an updateinfo.xml/);
    expect(() => parseRepomd('<updates/>')).toThrow(/no <repomd>/);
  });
});

function findPackage(a: Advisory, nevra: string) {
  const m = /^(.+)-(?:(\d+):)?([^-]+)-(.+?)(?:\.(noarch|x86_64))?$/.exec(nevra);
  if (!m) throw new Error(`cannot read ${nevra}`);
  const [, name, epoch, version, release, arch] = m;
  const evr = `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}-${release}`;
  return a.packages.find((p) => p.name === name && p.evr === evr && (arch === undefined || p.arch === arch));
}
