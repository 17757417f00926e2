/**
 * The real files the fuzzers start from, by kind: this repository's fixtures/,
 * including every file of the matching kind under fixtures/upstream/
 * (grubby's test configs, BLS entries and grub.cfg of RHEL/Fedora systems,
 * repodata of dnf, libdnf and createrepo_c; see fixtures/upstream/README.md).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES, UPSTREAM } from '../../helpers/paths.js';

/** Every file below `dir` (recursively), sorted; none when the folder is missing. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

const text = (f: string): string => (f.endsWith('.gz') ? gunzipSync(readFileSync(f)).toString('utf8') : readFileSync(f, 'utf8'));
const repo = (sub: string, keep: (f: string) => boolean): string[] => filesUnder(path.join(FIXTURES, sub)).filter(keep);
const upstream = (sub: string, keep: (f: string) => boolean): string[] => filesUnder(path.join(UPSTREAM, sub)).filter(keep);
const base = (f: string): string => path.basename(f);

/** Paths of the real files of each kind. */
export const FILES = {
  grubLegacy: () => [
    ...repo('boot', (f) => /grub-legacy-.*\.conf$/.test(f) || /\/boot\/grub\/(grub\.conf|menu\.lst)$/.test(f)),
    ...upstream('grubby', (f) => /^grub\.\d+$/.test(base(f))),
  ],
  grub2: () => [
    ...repo('boot', (f) => f.endsWith('.cfg') && !f.includes('extlinux')),
    ...upstream('grubby', (f) => /^grub2\.\d+$/.test(base(f))),
    ...upstream('bls', (f) => /grub\.cfg$|grub\.correct$|grub2_config_template$/.test(base(f))),
  ],
  grubenv: () => [
    ...repo('boot', (f) => f.includes('/grubenv/') || base(f) === 'grubenv'),
    ...upstream('grubby', (f) => /^grubenv\.\d+$/.test(base(f))),
    ...upstream('bls', (f) => base(f).startsWith('grubenv')),
  ],
  bls: () => [
    ...repo('boot', (f) => f.endsWith('.conf') && (f.includes('/loader/entries/') || f.includes('/configs/bls-'))),
    ...upstream('bls', (f) => f.endsWith('.conf')),
  ],
  lilo: () => [
    ...repo('boot', (f) => /lilo.*\.conf$/.test(base(f))),
    ...upstream('grubby', (f) => /^e?lilo\.\d+$/.test(base(f))),
  ],
  extlinux: () => [
    ...repo('boot', (f) => /extlinux.*\.conf$/.test(base(f))),
    ...upstream('grubby', (f) => /^extlinux\.\d+$/.test(base(f))),
  ],
  dnfTables: () => repo('dnf', (f) => base(f).startsWith('assumeno-') || base(f).startsWith('no-match-')),
  dnfChangelogs: () => repo('dnf', (f) => base(f).startsWith('repoquery-changelogs-') && !base(f).endsWith('.stderr.txt')),
  updateinfo: () => [
    ...repo('dnf', (f) => f.endsWith('.xml')),
    ...upstream('repodata', (f) => /updateinfo[^/]*\.xml(\.gz)?$/.test(base(f))),
  ],
  repomd: () => upstream('repodata', (f) => base(f).endsWith('repomd.xml')),
  plans: () => repo('recovery/plans', (f) => f.endsWith('.toml')),
  audit: () => repo('audit', () => true),
  snapshot: () => repo('snapshot', () => true),
  upstreamRpms: () => upstream('rpm', (f) => f.endsWith('.rpm')),
} as const;

/** The texts of the files of a kind (gzip files decompressed). */
export function texts(files: readonly string[]): string[] {
  return files.map(text);
}

export function bytes(files: readonly string[]): Buffer[] {
  return files.map((f) => readFileSync(f));
}
