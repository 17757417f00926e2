/**
 * The man page and the completions, generated from the program that prints
 * --help (src/docs-gen): the man page lists the same commands and options as
 * --help, renders without a warning, and the completions load and complete
 * in real bash and zsh.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saferpm } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';
import { generateDocs, GENERATED } from '../../src/docs-gen/generate.js';
import { BASH_COMPLETION, bashComplete, blockDir, PKG_VERSION } from '../unit/ship/ship-support.js';

const docs = blockDir('saferpm-ship-docs-');
let man: string;
afterAll(() => docs.cleanup());
beforeAll(async () => {
  await generateDocs(docs.dir, { version: PKG_VERSION, date: '2026-11-27' });
  man = readFileSync(path.join(docs.dir, GENERATED.man), 'utf8');
});

/** Items of a section of commander's help ("Options:", "Commands:"): the term before the description. */
function helpItems(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' ')) break;
    const m = /^ {2}(\S.*?)(?: {2,}|$)/.exec(line);
    if (m) items.push(m[1] as string);
  }
  return items;
}

/** Every command path and its options, as --help prints them, walking the commands. */
async function fromHelp(path: string[] = []): Promise<Map<string, string[]>> {
  const r = await saferpm([...path, '--help']);
  expect(r.exitCode, r.stderr).toBe(0);
  const out = new Map([[path.join(' '), helpItems(r.stdout, 'Options:').filter((o) => o !== '-h, --help').sort()]]);
  for (const name of helpItems(r.stdout, 'Commands:').map((c) => c.split(' ')[0] as string).filter((n) => n !== 'help')) {
    for (const [k, v] of await fromHelp([...path, name])) out.set(k, v);
  }
  return out;
}

const unroff = (s: string): string => s.replace(/\\f[BIR]/g, '').replace(/\\-/g, '-').replace(/\\e/g, '\\').replace(/\\&/g, '');

/** Every command path and its options, as the man page lists them. */
function fromMan(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string | undefined;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.startsWith('.SH ')) current = line === '.SH OPTIONS' ? '' : undefined;
    const ss = /^\.SS "saferpm (\S+(?: [a-z-]+)*)/.exec(unroff(line));
    if (ss) current = (ss[1] as string).split(' ').filter((w) => /^[a-z-]+$/.test(w)).join(' ');
    if (current === undefined) return;
    if (!out.has(current)) out.set(current, []);
    if (line === '.TP' && lines[i + 1]?.startsWith('\\fB\\-')) out.get(current)?.push(unroff(lines[i + 1] as string));
  });
  for (const [k, v] of out) out.set(k, v.filter((o) => o !== '-h, --help').sort());
  return out;
}

describe('saferpm(8) and --help', () => {
  it('list the same commands and the same options for each', async () => {
    const help = await fromHelp();
    const page = fromMan(man);
    expect([...page.keys()].sort()).toEqual([...help.keys()].sort());
    for (const [cmd, options] of help) expect(page.get(cmd), `saferpm ${cmd}`).toEqual(options);
    expect(help.get('shim install')).toEqual(['--force', '--prefix <DIR>', '--rpm <PATH>']);
    expect(help.get('boot check')).toContain('--running-kernel <version>');
    expect(help.get('')).toEqual(['--version']);
    expect(help.size).toBeGreaterThanOrEqual(15);
  });

  it("list the same rpm drop-in options and exit codes", async () => {
    const r = await saferpm(['--help']);
    const section = (text: string, from: string, to: string): string => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));
    const helpOptions = [...section(r.stdout, 'saferpm options on the rpm command line:', 'Exit codes:').matchAll(/^ {2}(--\S+(?: [A-Z]+)?)$/gm)].map((m) => m[1]);
    const manOptions = [...section(man, '.SH RPM DROP', '.SH OPTIONS').matchAll(/^\.TP\n(.+)$/gm)].map((m) => unroff(m[1] as string));
    expect(manOptions).toEqual(helpOptions);
    expect(helpOptions).toContain('--keep-kernels N');
    expect(helpOptions).toContain('--saferpm-report FILE'); // the dnf path's options are listed in both too
    const helpCodes = [...r.stdout.slice(r.stdout.indexOf('Exit codes:')).matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    const manCodes = [...section(man, '.SH EXIT STATUS', '.SH ENVIRONMENT').matchAll(/^\.B (.+)$/gm)].map((m) => unroff(m[1] as string));
    expect(manCodes).toEqual(helpCodes);
    expect(manCodes).toContain('80');
  });

  it.runIf(needTools('mandoc'))('is clean for mandoc -T lint, at every level including style', async () => {
    const r = await execa('mandoc', ['-T', 'lint', path.join(docs.dir, GENERATED.man)], { reject: false });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it.runIf(needTools('groff', 'man'))('renders with groff -ww and man -l without a warning', async () => {
    const g = await execa('groff', ['-ww', '-man', '-z', path.join(docs.dir, GENERATED.man)], { reject: false });
    expect(g.stderr).toBe('');
    expect(g.exitCode).toBe(0);
    const m = await execa('man', ['-l', path.join(docs.dir, GENERATED.man)], { reject: false, env: { MANWIDTH: '80', LC_ALL: 'C.UTF-8' } });
    expect(m.stderr).toBe('');
    expect(m.stdout).toMatch(/^ {3}saferpm shim install \[options\]$/m);
    expect(m.stdout).toContain('--keep-kernels N'); // ASCII hyphen-minus: options can be pasted
  });
});

describe.runIf(needTools('bash') && needTools('rpm'))('bash completion', () => {
  const script = (): string => path.join(docs.dir, GENERATED.bash);
  const files = blockDir('saferpm-ship-complete-');
  afterAll(() => files.cleanup());
  beforeAll(() => {
    for (const f of ['kernel-6.1.rpm', 'kernel-6.1.src.rpm', 'notes.txt']) writeFileSync(path.join(files.dir, f), '');
    mkdirSync(path.join(files.dir, 'updates'));
  });

  it('loads after bash-completion without a word on stderr and registers _saferpm for saferpm', async () => {
    const r = await execa('bash', ['--norc', '--noprofile', '-c', `source ${BASH_COMPLETION} && source "$1" && complete -p saferpm`, 'bash', script()], { reject: false });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('complete -F _saferpm saferpm');
  });

  it('completes subcommands, their subcommands and their options', async () => {
    expect(await bashComplete(script(), ['saferpm', 'sh'])).toEqual({ reply: ['shim'], stderr: '' });
    expect((await bashComplete(script(), ['saferpm', 'shim', ''])).reply).toEqual(['install', 'remove', 'status']);
    expect((await bashComplete(script(), ['saferpm', 'boot', 'info', '--r'])).reply).toEqual(['--root']);
    expect((await bashComplete(script(), ['saferpm', 'help', 'sn'])).reply).toEqual(['snapshot']);
    expect((await bashComplete(script(), ['saferpm', 'd'])).reply).toEqual(['dnf']);
  });

  it("completes rpm's install options and saferpm's own on the rpm command line", async () => {
    expect((await bashComplete(script(), ['saferpm', '-Uvh', '--nodep'])).reply).toEqual(['--nodeps']);
    expect((await bashComplete(script(), ['saferpm', '-Uvh', '--old'])).reply).toEqual(['--oldpackage']);
    expect((await bashComplete(script(), ['saferpm', '-ivh', '--keep'])).reply).toEqual(['--keep-kernels']);
    expect((await bashComplete(script(), ['saferpm', '--dry'])).reply).toEqual(['--dry-run']);
  });

  it('offers binary *.rpm files (and folders) after -U, -i, -F; any file in other modes', async () => {
    expect((await bashComplete(script(), ['saferpm', '-Uvh', ''], files.dir)).reply).toEqual(['kernel-6.1.rpm', 'updates']);
    expect((await bashComplete(script(), ['saferpm', '--upgrade', '-v', ''], files.dir)).reply).toEqual(['kernel-6.1.rpm', 'updates']);
    expect((await bashComplete(script(), ['saferpm', '-qip', ''], files.dir)).reply).toEqual(['kernel-6.1.rpm', 'kernel-6.1.src.rpm', 'notes.txt', 'updates']);
    expect((await bashComplete(script(), ['saferpm', '-Uvh', '--root', ''], files.dir)).reply).toEqual(['updates']);
  });
});

describe.runIf(needTools('zsh'))('zsh completion', () => {
  const fpath = blockDir('saferpm-ship-zsh-');
  afterAll(() => fpath.cleanup());
  beforeAll(() => writeFileSync(path.join(fpath.dir, '_saferpm'), readFileSync(path.join(docs.dir, GENERATED.zsh))));

  /** Type `line` and Tab in an interactive zsh (zpty) with compinit; the buffer after completing. */
  async function zshComplete(line: string, cwd = fpath.dir): Promise<string> {
    const out = path.join(fpath.dir, `buffer-${Math.random().toString(16).slice(2)}`);
    const driver = [
      'zmodload zsh/zpty',
      "zpty z 'zsh -f -i'",
      `zpty -w z "PS1='> '; fpath=(${fpath.dir} \\$fpath); autoload -Uz compinit; compinit -u -D"`,
      `zpty -w z "print-buffer() { print -r -- \\"<\\$BUFFER>\\" >> ${out} }; zle -N print-buffer; bindkey '^X' print-buffer"`,
      `zpty -w -n z "$1"$'\\t\\x18'`,
      `for i in {1..100}; do [[ -s ${out} ]] && break; sleep 0.1; done`,
      'zpty -d z',
    ].join('\n');
    await execa('zsh', ['-f', '-c', driver, 'zsh', line], { cwd, timeout: 30_000 });
    return readFileSync(out, 'utf8').trim();
  }

  it('parses', async () => {
    const r = await execa('zsh', ['-n', path.join(fpath.dir, '_saferpm')], { reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('completes subcommands, options and binary package files', async () => {
    expect(await zshComplete('saferpm sh')).toBe('<saferpm shim >');
    expect(await zshComplete('saferpm shim ins')).toBe('<saferpm shim install >');
    expect(await zshComplete('saferpm boot info --ro')).toBe('<saferpm boot info --root=>');
    expect(await zshComplete('saferpm -Uvh --nodep')).toBe('<saferpm -Uvh --nodeps >');
    const dir = path.join(fpath.dir, 'pkgs');
    mkdirSync(dir);
    for (const f of ['kernel-6.1.x86_64.rpm', 'kernel-6.1.src.rpm']) writeFileSync(path.join(dir, f), '');
    expect(await zshComplete('saferpm -Uvh kern', dir)).toBe('<saferpm -Uvh kernel-6.1.x86_64.rpm >');
  });
});
