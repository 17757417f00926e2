/** dnf's command aliases, expanded as dnf/cli/aliases.py does, for the classification only. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandAliases, loadAliases, withAliases, type Aliases } from '../../../src/dnf/cli/aliases.js';
import { parseDnfArgs } from '../../../src/dnf/cli/argv.js';
import { classifyCommand } from '../../../src/dnf/cli/commands.js';
import { tempDir } from '../../helpers/roots.js';

/** The aliases Debian's dnf 4.14 ships in /etc/dnf/aliases.d/zypper.conf, plus two of an admin's. */
const zypper: Aliases = new Map([
  ['dup', ['distro-sync']], ['dist-upgrade', ['distro-sync']], ['ref', ['makecache']], ['refresh', ['makecache']], ['ri', ['reinstall']],
  ['patch', ['upgrade', '--security', '-y']], ['loop', ['loop']],
]);

describe('expandAliases', () => {
  it('replaces the first word after leading options, keeps the rest', () => {
    expect(expandAliases(['-q', 'dup', '--refresh'], zypper)).toEqual(['-q', 'distro-sync', '--refresh']);
    expect(expandAliases(['patch', 'kernel'], zypper)).toEqual(['upgrade', '--security', '-y', 'kernel']);
  });
  it('a word after an option value is not expanded (dnf only skips words starting with -)', () => {
    expect(expandAliases(['-c', 'dnf.conf', 'dup'], zypper)).toEqual(['-c', 'dnf.conf', 'dup']);
  });
  it('\\WORD stops the expansion; recursion gives the original arguments', () => {
    expect(expandAliases(['\\dup'], zypper)).toEqual(['dup']);
    expect(expandAliases(['loop', 'x'], zypper)).toEqual(['loop', 'x']);
  });
  it('classification follows the expansion; dnf still gets the arguments as written', () => {
    const cl = withAliases(parseDnfArgs('dnf', ['patch', '--saferpm-dry-run']), zypper);
    expect(classifyCommand(cl.command, cl.operands)).toEqual({ kind: 'transaction', canonical: 'upgrade' });
    expect(cl.globals.assumeyes).toBe(true);
    expect(cl.args).toEqual(['patch']);
    expect(cl.saferpm).toEqual({ dryRun: true });
  });
});

describe('loadAliases', () => {
  it('reads *.conf in name order, USER.conf last, skips disabled files; ALIASES.conf or DNF_DISABLE_ALIASES turn all off', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.conf'), '[aliases]\nup = upgrade\nri = reinstall\n');
    writeFileSync(path.join(dir, 'b.conf'), '[main]\nenabled = 0\n[aliases]\nrm = autoremove\n');
    writeFileSync(path.join(dir, 'USER.conf'), '[aliases]\nup = upgrade --refresh\n');
    writeFileSync(path.join(dir, 'notes.txt'), '[aliases]\nx = y\n');
    const aliases = await loadAliases(dir, {});
    expect([...aliases]).toEqual([['up', ['upgrade', '--refresh']], ['ri', ['reinstall']]]);
    expect((await loadAliases(dir, { DNF_DISABLE_ALIASES: '1' })).size).toBe(0);
    writeFileSync(path.join(dir, 'ALIASES.conf'), '[main]\nenabled=False\n');
    expect((await loadAliases(dir, {})).size).toBe(0);
  });
});
