import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCommands, parseExitCodes, saferpmModel } from '../../../src/docs-gen/model.js';
import { renderManPage } from '../../../src/docs-gen/man.js';
import { renderBashCompletion } from '../../../src/docs-gen/bash.js';
import { renderZshCompletion } from '../../../src/docs-gen/zsh.js';
import { roffFlags, roffLines, roffText } from '../../../src/docs-gen/roff.js';
import { docDate } from '../../../src/docs-gen/generate.js';
import { EXIT_CODE_HELP } from '../../../src/cli/help-text.js';
import { EXIT, EXIT_MEANING } from '../../../src/errors.js';
import { SAFERPM_OPTIONS } from '../../../src/rpm/saferpm-options.js';
import { REPO } from '../../helpers/paths.js';

describe('documents generated from the program', () => {
  const model = saferpmModel();

  it('reads the commands, options and tables the program declares', () => {
    const paths = allCommands(model.program).map((c) => c.path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['vercmp', 'boot info', 'boot check', 'plan init', 'shim install', 'shim status', 'shim remove']));
    const install = allCommands(model.program).find((c) => c.path.join(' ') === 'shim install');
    expect(install?.options.map((o) => o.flags)).toEqual(['--prefix <DIR>', '--rpm <PATH>', '--force', '-h, --help']);
    expect(model.rpmOptions.map((o) => o.name)).toEqual(Object.keys(SAFERPM_OPTIONS));
    expect(model.exitCodes.map((e) => e.code)).toEqual(['0', '1-63', '64', '65', '66', '69', '70', '73', '74', '75', '77', '78', '79', '80', '81', '82', '130/143', '128+N']);
    expect(parseExitCodes(EXIT_CODE_HELP)[13]).toEqual({ code: '80', meaning: 'do not reboot: the boot check failed (packages may be installed)' });
  });

  it('builds the exit-code table from EXIT: every code saferpm exits with has its row', () => {
    const rows = parseExitCodes(EXIT_CODE_HELP).flatMap((e) => e.code.split('/'));
    for (const [name, code] of Object.entries(EXIT)) expect(rows, name).toContain(String(code));
    expect(parseExitCodes(EXIT_CODE_HELP).find((e) => e.code === '75')?.meaning).toBe(EXIT_MEANING.TEMPFAIL);
  });

  it('escapes roff: options keep ASCII dashes, a leading dot is not a request, lines stay under 81 bytes', () => {
    expect(roffText('--root \\x')).toBe('\\-\\-root \\ex');
    expect(roffText('.hidden')).toBe('\\&.hidden');
    expect(roffFlags('-r, --root <DIR>')).toBe('\\fB\\-r\\fR, \\fB\\-\\-root\\fR \\fI<DIR>\\fR');
    const lines = roffLines(`${'word '.repeat(40)}'quoted .dot`, 30);
    expect(lines.every((l) => Buffer.byteLength(l) <= 30)).toBe(true);
    expect(lines.at(-1)).toBe('\\&.dot');
    expect(lines.join(' ').replace(/\\&/g, '')).toBe(`${'word '.repeat(40)}'quoted .dot`);
    expect(roffLines('aaaa .b', 5)).toEqual(['aaaa', '\\&.b']);
    expect(roffLines("aaaa 'b", 5)).toEqual(['aaaa', "\\&'b"]);
  });

  it('writes a man page with a section per command and the drop-in options', () => {
    const man = renderManPage(model, { version: '9.9', date: '2026-11-27' });
    expect(man).toContain('.TH SAFERPM 8 2026-11-27 "saferpm 9.9" "System Administration"');
    expect(man).toContain('.SS "saferpm shim install [options]"');
    expect(man).toContain('.TP\n\\fB\\-\\-keep\\-kernels\\fR \\fIN\\fR\n');
    expect(man).toContain('.TP\n.B 80\ndo not reboot');
    expect(man.split('\n').filter((l) => !l.startsWith('.')).every((l) => Buffer.byteLength(l) <= 80)).toBe(true);
  });

  it('writes completions that know every command and the rpm drop-in options', () => {
    const bash = renderBashCompletion(model);
    expect(bash).toContain(`"shim install") commands='' options='--prefix --rpm --force -h --help' ;;`);
    expect(bash).toContain(`"") commands='vercmp boot`);
    expect(bash).toMatch(/--nodeps.*--dry-run/);
    expect(bash).toContain('complete -F _saferpm saferpm');
    const zsh = renderZshCompletion(model);
    expect(zsh.startsWith('#compdef saferpm\n')).toBe(true);
    expect(zsh).toContain(`'--prefix=[the folder of the shim; it must come before the real rpm'\\''s folder on root'\\''s PATH (default: "/usr/local/sbin")]:dir:_files -/'`);
    expect(zsh).toContain(`files='_files -g "*.(rpm|RPM)~*.src.(rpm|RPM)(-.)"'`);
    expect(zsh).toContain('"*:package file:$files"');
  });

  it('dates the man page from SOURCE_DATE_EPOCH when set', () => {
    expect(docDate({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 27, 23, 59) / 1000) })).toBe('2026-12-27');
    expect(docDate({}, new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02');
  });

  it("the spec's default version is package.json's", () => {
    const spec = readFileSync(path.join(REPO, 'packaging/saferpm.spec'), 'utf8');
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(/%global saferpm_version (\S+)\}/.exec(spec)?.[1]).toBe(pkg.version);
  });
});
