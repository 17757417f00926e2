/** The pieces around the dnf run: the probe's arguments, the prompt decision, problems in dnf's stderr, the view, the plan text. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDnfArgs } from '../../../src/dnf/cli/argv.js';
import { effectiveConfig } from '../../../src/dnf-config/effective.js';
import { findDnfProblems } from '../../../src/drivers/dnf/execute.js';
import { installOnlyConfigOf, type InstalledState } from '../../../src/dnf/kernels/installed.js';
import { makeDnfTransaction } from '../../../src/drivers/dnf/transaction.js';
import { parseTransaction } from '../../../src/dnf/resolve/parse-table.js';
import { parseUpdateinfo } from '../../../src/dnf/advisories/parse-updateinfo.js';
import { promptDecision } from '../../../src/dnf/cli/prompt.js';
import { renderDnfTransaction } from '../../../src/drivers/dnf/render.js';
import { probeArgs } from '../../../src/dnf/resolve/resolve.js';
import { dnfTransactionView } from '../../../src/drivers/dnf/view.js';
import { findTool } from '../../../src/dnf/cli/binary.js';
import { classify } from '../../../src/rpm/classify.js';
import type { RpmPackage } from '../../../src/rpm/package.js';
import { FIXTURES } from '../../helpers/paths.js';

const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'dnf', name), 'utf8');
const globals = (...args: string[]) => parseDnfArgs('dnf', [...args, 'upgrade']).globals;
const config = (main?: string) => effectiveConfig({ ...(main ? { main: { path: '/etc/dnf/dnf.conf', text: main } } : {}), repoFiles: [], globals: globals() });

describe('probeArgs', () => {
  it('adds --assumeno, debuglevel 2 (undoing -q) and no colour after the user\'s options, before a --', () => {
    expect(probeArgs(['-q', 'upgrade', '-y'])).toEqual(['-q', 'upgrade', '-y', '--assumeno', '--setopt=debuglevel=2', '--color=never']);
    expect(probeArgs(['install', '--', '-weird-name'])).toEqual(['install', '--assumeno', '--setopt=debuglevel=2', '--color=never', '--', '-weird-name']);
  });
});

describe('promptDecision: never wait without a terminal', () => {
  it('-y or assumeyes=True: no question', () => {
    expect(promptDecision(globals('-y'), config(), false).kind).toBe('no-question');
    expect(promptDecision(globals(), config('[main]\nassumeyes=True\n'), false).kind).toBe('no-question');
  });
  it('a terminal: dnf asks the admin', () => {
    expect(promptDecision(globals(), config(), true).kind).toBe('terminal');
  });
  it('no terminal: dnf\'s default answer, no (or yes with defaultyes=True)', () => {
    expect(promptDecision(globals(), config(), false).kind).toBe('default-no');
    expect(promptDecision(globals(), config('[main]\ndefaultyes=1\n'), false).kind).toBe('default-yes');
  });
});

describe('findDnfProblems', () => {
  it('rpm\'s "scriptlet failed" and dnf\'s "Error in ... scriptlet" lines, nothing else', () => {
    const stderr = [
      'warning: %post(failing-scriptlet-1.0-1.noarch) scriptlet failed, exit status 1',
      '',
      'Error in POSTIN scriptlet in rpm package failing-scriptlet',
      ' Problem: cannot install the best update candidate for package brokenup-1.0-1.noarch',
    ].join('\n');
    expect(findDnfProblems(stderr)).toEqual([
      'warning: %post(failing-scriptlet-1.0-1.noarch) scriptlet failed, exit status 1',
      'Error in POSTIN scriptlet in rpm package failing-scriptlet',
    ]);
  });
});

describe('findTool', () => {
  it('yum missing but dnf present is said plainly (exit 69)', () => {
    expect(() => findTool('yum', '/usr/bin')).toThrow(/yum is not on PATH, but dnf is \(\/usr\/bin\/dnf\)/);
    expect(() => findTool('dnf', '/nonexistent')).toThrow(/dnf is not installed or not on PATH/);
  });
});

describe('the view and the plan of a captured upgrade', () => {
  const t = parseTransaction(fixture('assumeno-upgrade-kernel-beside-obsoletes-skip-broken.txt'));
  const installed = installedV1();

  it('view: replaced = upgraded and obsoleted packages (not the kernel kept beside); incoming kernels with their uname -r', () => {
    const view = dnfTransactionView(t, installed);
    expect(view.replaced.map((p) => p.name).sort()).toEqual(['dracut', 'oldname', 'openssh-server']);
    const core = view.incoming.find((i) => i.name === 'kernel-core');
    expect(core).toEqual({ name: 'kernel-core', arch: 'x86_64', evr: '6.1.15-1', installOnly: true, kernelVersions: ['6.1.15-1.x86_64'] });
    expect(view.incoming.find((i) => i.name === 'dracut')).toMatchObject({ installOnly: false, kernelVersions: [] });
    expect(view.kernelNames.sort()).toEqual(['kernel', 'kernel-core', 'kernel-modules']);
  });

  it('plan text: actions, kernels before and after, advisories, reboot, the exact dnf command', () => {
    const plan = makeDnfTransaction({
      tool: 'dnf', command: 'upgrade', argv: ['upgrade', '-y'], root: '/', runningKernel: '6.1.10-1.x86_64', config: config(), transaction: t, installed,
      advisories: [{ repo: 'updates', advisories: parseUpdateinfo(fixture('updateinfo-kernel-reboot-openssh-cve.xml')) }],
    });
    expect(plan.findings).toEqual([]);
    expect(renderDnfTransaction(plan, { binary: '/usr/bin/dnf', dryRun: true }).split('\n')).toEqual([
      'Plan (dry run: nothing is changed) for dnf upgrade on root /, running kernel 6.1.10-1.x86_64:',
      '  install   kernel-6.1.15-1.x86_64',
      '  install   newname-2.0-1.noarch  (replacing oldname-1.0-1.noarch)',
      '  upgrade   a-very-long-package-name-that-wraps-in-the-dnf-transaction-table-2.0-1.noarch',
      '  upgrade   dracut-3.0-1.noarch',
      '  upgrade   openssh-server-3.0-1.noarch',
      '  install   kernel-core-6.1.15-1.x86_64  (installing dependencies)',
      '  install   kernel-modules-6.1.15-1.x86_64  (installing dependencies)',
      '  skipped   brokenup-2.0-1.noarch  (skipping packages with broken dependencies: dnf leaves it out)',
      'Kernels: 6.1.10-1.x86_64 -> 6.1.10-1.x86_64, 6.1.15-1.x86_64 (installonly_limit 3, dnf default)',
      'Advisories:',
      '  FAKE-2024-0001 security Important CVE-2024-1086: kernel-6.1.15-1.x86_64',
      '  FAKE-2024-0002 security Moderate CVE-2024-6387: openssh-server-3.0-1.noarch',
      '  FAKE-2024-0001 security Important CVE-2024-1086: kernel-core-6.1.15-1.x86_64 (reboot suggested)',
      'Reboot: needed after this transaction, because advisory FAKE-2024-0001 suggests a reboot for kernel-core-6.1.15-1.x86_64; '
        + 'a new kernel is installed (6.1.15-1.x86_64): it runs only after a reboot; kernel-6.1.15-1.x86_64 is on dnf needs-restarting\'s reboot list',
      'Command: /usr/bin/dnf upgrade -y  (dry run: command not executed)',
    ]);
  });
});

function installedV1(): InstalledState {
  const file = (p: string, mode = 0o100644) => ({ path: p, flags: 0, mode });
  const pkg = (name: string, version: string, arch: string, files: RpmPackage['files'] = [], provides: string[] = []): RpmPackage => ({
    name, epoch: '0', version, release: '1', arch, isSource: false, summary: '', requires: [], files,
    provides: [{ name, op: '=', version: `${version}-1` }, ...provides.map((p) => ({ name: p, op: '', version: '' }))],
  });
  const u = '6.1.10-1.x86_64';
  const before = [
    pkg('kernel', '6.1.10', 'x86_64'),
    pkg('kernel-core', '6.1.10', 'x86_64', [file(`/boot/vmlinuz-${u}`), file(`/lib/modules/${u}`, 0o40755)], ['installonlypkg(kernel)']),
    pkg('kernel-modules', '6.1.10', 'x86_64', [file(`/lib/modules/${u}/kernel/fake.ko`)], ['installonlypkg(kernel-module)']),
    pkg('dracut', '1.0', 'noarch'), pkg('openssh-server', '1.0', 'noarch'), pkg('oldname', '1.0', 'noarch'),
  ];
  const installOnlyConfig = installOnlyConfigOf(config());
  const installOnly = before.map((p) => ({ pkg: p, cls: classify(p, installOnlyConfig) })).filter((i) => i.cls.installOnly);
  return { before, installOnly, installOnlyConfig };
}
