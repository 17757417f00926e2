/** Advisories applying to a captured dnf transaction, and the reboot assessment. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessReboot, matchAdvisories } from '../../../src/dnf/advisories/match.js';
import { parseTransaction } from '../../../src/dnf/resolve/parse-table.js';
import { parseUpdateinfo } from '../../../src/dnf/advisories/parse-updateinfo.js';
import type { RpmPackage } from '../../../src/rpm/package.js';
import { FIXTURES } from '../../helpers/paths.js';

const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'dnf', name), 'utf8');
const repos = [{ repo: 'updates', advisories: parseUpdateinfo(fixture('updateinfo-kernel-reboot-openssh-cve.xml')) }];
const installed = (name: string, version: string, arch = 'x86_64'): RpmPackage =>
  ({ name, epoch: '0', version, release: '1', arch, isSource: false, summary: '', provides: [], requires: [], files: [] });
const v1 = [installed('kernel-core', '6.1.10'), installed('kernel', '6.1.10'), installed('openssh-server', '1.0', 'noarch'), installed('dracut', '1.0', 'noarch')];

describe('matchAdvisories', () => {
  const t = parseTransaction(fixture('assumeno-upgrade-kernel-beside-obsoletes-skip-broken.txt'));

  it('finds the kernel and openssh advisories with type, severity, CVEs and the per-package reboot flag', () => {
    const m = matchAdvisories(t.items, v1, repos);
    expect(m.map((x) => [x.id, x.package, x.severity, x.cves.join(','), x.rebootSuggested])).toEqual([
      ['FAKE-2024-0001', 'kernel-6.1.15-1.x86_64', 'Important', 'CVE-2024-1086', false],
      ['FAKE-2024-0002', 'openssh-server-3.0-1.noarch', 'Moderate', 'CVE-2024-6387', false],
      ['FAKE-2024-0001', 'kernel-core-6.1.15-1.x86_64', 'Important', 'CVE-2024-1086', true],
    ]);
  });

  it('an advisory already installed (entry not newer than the installed version) does not apply', () => {
    const m = matchAdvisories(t.items, [...v1, installed('openssh-server', '3.0', 'noarch')], repos);
    expect(m.map((x) => x.id)).not.toContain('FAKE-2024-0002');
  });

  it('a removal brings in no advisory', () => {
    const removal = parseTransaction(fixture('assumeno-remove-kernel-core-dependent-and-unused.txt'));
    expect(matchAdvisories(removal.items, v1, repos)).toEqual([]);
  });
});

describe('assessReboot', () => {
  const t = parseTransaction(fixture('assumeno-upgrade-kernel-beside-obsoletes-skip-broken.txt'));

  it('names every reason: the advisory flag, the new kernel, the needs-restarting list', () => {
    const r = assessReboot(matchAdvisories(t.items, v1, repos), t.items, ['6.1.15-1.x86_64']);
    expect(r).toEqual({
      needed: true,
      reasons: [
        'advisory FAKE-2024-0001 suggests a reboot for kernel-core-6.1.15-1.x86_64',
        'a new kernel is installed (6.1.15-1.x86_64): it runs only after a reboot',
        'kernel-6.1.15-1.x86_64 is on dnf needs-restarting\'s reboot list',
      ],
    });
  });

  it('a userland-only update with reboot_suggested False needs no reboot', () => {
    const userland = { ...t, items: t.items.filter((i) => i.name === 'openssh-server') };
    expect(assessReboot(matchAdvisories(userland.items, v1, repos), userland.items, [])).toEqual({ needed: false, reasons: [] });
  });
});
