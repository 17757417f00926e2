/**
 * Real rpm output to mutate: saferpm's own query formats run by the real rpm
 * over every package under fixtures/upstream/rpm (rpm's, dnf's,
 * libdnf's and createrepo_c's test packages: epochs, many dependencies,
 * ISO-8859 header strings, source packages), in one process per format, as
 * saferpm runs them. Needs rpm (needTools: a failure under CI).
 */
import { spawnSync } from 'node:child_process';
import { ensureRpmHome } from '../../helpers/build-rpms.js';
import { needTools } from '../../helpers/tools.js';
import { FILES } from './fixtures.js';

export const HAVE_RPM = needTools('rpm');

/**
 * stdout of `rpm -qp --qf FORMAT` over the upstream packages, decoded as
 * saferpm decodes it (UTF-8, replacement). `binaryOnly` leaves out source
 * packages, whose file names are relative (the audit reads installed and
 * binary packages only; a source package's record is a ParseError there).
 */
export function rpmQueryOutput(format: string, o: { binaryOnly?: boolean } = {}): string {
  const files = FILES.upstreamRpms().filter((f) => !o.binaryOnly || !f.endsWith('.src.rpm'));
  if (!HAVE_RPM || files.length === 0) return '';
  const r = spawnSync('rpm', ['-qp', '--nodigest', '--nosignature', '--qf', format, '--', ...files], {
    env: { ...process.env, HOME: ensureRpmHome(), LC_ALL: 'C' },
    maxBuffer: 1 << 28,
  });
  return r.stdout.toString('utf8');
}
