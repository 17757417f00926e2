/**
 * saferpm as a person sees it at a console (issue 13, point 1): the built CLI
 * under a real pseudo-terminal (script(1), test/helpers/terminal.ts) at 120
 * columns and at 0 columns (what many serial consoles report). Before the
 * fix (cc8d336) `saferpm -Uvh` on a terminal never finished: a spinner
 * nobody stopped redrew itself forever, SIGTERM was ignored, the lock stayed
 * held and the record said "running". Here the run must finish, show the
 * same lines as the same run without a terminal (spinner frames aside),
 * release the lock and close the record; Ctrl-C typed while a spinner turns
 * (a safety phase before rpm) and SIGTERM must end it with 130 and 143 and a
 * record that says nothing was installed.
 */
import { chmodSync, cpSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../helpers/build-rpms.js';
import { dnfOptions, dnf, makeRepo } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, rootWith, tempDir, tempRoot, testEnv } from '../helpers/roots.js';
import { runInTerminal, visibleLines } from '../helpers/terminal.js';
import { needTools } from '../helpers/tools.js';

type Release = Awaited<ReturnType<typeof buildRelease>>;

/**
 * The environment of a person at a console: the test HOME, TERM=xterm, and no
 * CI variable (saferpm draws no spinner under CI, and the spinner is what hung).
 */
function consoleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testEnv(), TERM: 'xterm', ...extra };
  delete env.CI;
  return env;
}

/** The same command without a terminal: stdout and stderr into one file, in the order written. */
async function withoutTerminal(argv: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number | null; text: string }> {
  const dir = tempDir('saferpm-notty-');
  const file = path.join(dir, 'out');
  const fd = openSync(file, 'w');
  const child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ['ignore', fd, fd] });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  closeSync(fd);
  return { exitCode, text: readFileSync(file, 'utf8') };
}

/**
 * The lines left on a terminal once everything was drawn: a small VT100
 * interpreter for what rpm and ora write (carriage return, backspace, which
 * rpm's hash marks use on a terminal to redraw their percentage; cursor up,
 * to column, erase line). visibleLines() only strips the codes, which glues a
 * spinner frame and the line written after clearing it into one line.
 */
function renderScreen(screen: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = (): string[] => (rows[row] ??= []);
  for (let i = 0; i < screen.length; i++) {
    const c = screen[i] as string;
    if (c === '\x1b') {
      const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(screen.slice(i, i + 16));
      if (!m) continue;
      i += (m[0] as string).length - 1;
      const n = Number((m[1] as string).replace('?', '') || '1');
      const cmd = m[2] as string;
      if (cmd === 'A') row = Math.max(0, row - n);
      else if (cmd === 'G') col = n - 1;
      else if (cmd === 'K') line().splice(m[1] === '2' ? 0 : col);
      continue;
    }
    if (c === '\n') {
      row++;
      col = 0;
      line();
    } else if (c === '\r') col = 0;
    else if (c === '\b') col = Math.max(0, col - 1);
    else {
      const l = line();
      while (l.length < col) l.push(' ');
      l[col++] = c;
    }
  }
  return rows.map((r) => (r ?? []).join(''));
}

/** ora's frames and end marks: the lines a terminal shows on top of what a pipe gets. */
const SPINNER_LINE = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✔✖ℹ⚠]/;

/**
 * What differs between two runs on twin roots by nature: the root path, the
 * run id, free space on /boot, and the processes of the whole machine (the
 * snapshot section, which sees other work on the host come and go).
 */
function comparable(lines: string[], root: string): string[] {
  const out: string[] = [];
  let inSnapshot = false;
  for (const raw of lines) {
    const l = raw.trimEnd();
    if (/^\S/.test(l)) inSnapshot = l === 'Services, ports and processes:';
    if (l === '' || SPINNER_LINE.test(l.trimStart()) || (inSnapshot && l.startsWith(' '))) continue;
    // rpm draws its hash marks differently on a terminal ("   1:name  ###... [ 25%]", redrawn with
    // backspaces) than into a pipe ("name  ####..."): rpm's own choice (lib/rpminstall.c), plain rpm does the same.
    const hashes = /^(?:\s*\d+:)?(\S+?)\s+#+(?: \[\s*\d+%\])?$/.exec(l);
    if (hashes) {
      out.push(`${hashes[1]} (rpm's hash marks)`);
      continue;
    }
    out.push(l.replaceAll(root, 'ROOT').replace(/\d{8}T\d{6}Z-[0-9a-f]+/g, 'RUN').replace(/[\d.]+ MiB free/, 'N MiB free'));
  }
  return out;
}

const stripCodes = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function onlyRecord(root: string): { status: string; signal?: string; exitCode: number; commands: unknown[]; packages: { action: string }[] } {
  const runs = readdirSync(path.join(root, 'var/lib/saferpm/runs'));
  expect(runs).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(root, 'var/lib/saferpm/runs', runs[0] as string, 'record.json'), 'utf8'));
}

const lockFile = (root: string): string => path.join(root, 'var/lib/saferpm/lock');

/**
 * A run that hangs (the bug) is killed by runInTerminal after this long and the test fails on
 * timedOut; vitest's own limit per test is above it, so the hung tree never outlives the test.
 */
const TERMINAL_TIMEOUT = 90_000;
const TEST_TIMEOUT = 240_000;

describe.runIf(needTools('script', 'rpm', 'rpmbuild'))('saferpm -Uvh on a terminal', () => {
  let v1: Release;
  let v2: Release;
  beforeAll(async () => {
    v1 = await buildRelease('v1');
    v2 = await buildRelease('v2');
  });

  for (const columns of [120, 0]) {
    it(`finishes at ${columns} columns and shows the lines a pipe gets; lock released, record closed`, { timeout: TEST_TIMEOUT }, async () => {
      const tty = await rootWith(v1.all);
      const pipe = tempRoot();
      cpSync(tty, pipe, { recursive: true });
      const args = (root: string): string[] => ['node', DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2.all];
      const onTerminal = await runInTerminal(args(tty), { columns, env: consoleEnv(), timeoutMs: TERMINAL_TIMEOUT });
      expect(onTerminal.timedOut, onTerminal.screen.slice(-2000)).toBe(false);
      expect(onTerminal.exitCode, onTerminal.screen.slice(-2000)).toBe(0);
      const inPipe = await withoutTerminal(args(pipe), consoleEnv());
      expect(inPipe.exitCode, inPipe.text).toBe(0);

      const seen = comparable(renderScreen(onTerminal.screen), tty);
      expect(seen).toEqual(comparable(inPipe.text.split('\n'), pipe));
      expect(seen).toContain('  safe to reboot');
      if (columns === 0) expect(onTerminal.screen).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/); // no spinner at 0 columns
      expect(onTerminal.screen.length).toBeLessThan(200_000); // no flood of cursor codes
      expect(existsSync(lockFile(tty))).toBe(false);
      expect(onlyRecord(tty)).toMatchObject({ status: 'succeeded', exitCode: 0 });
      expect(await installed(tty)).toEqual(await installed(pipe));
    });
  }

  describe('interrupted during a safety phase, before rpm runs', () => {
    let wrapperDir: string;
    let slowRpm: string;
    beforeAll(() => {
      // The real rpm, only slower for `rpm -V` (the integrity phase before the transaction), so a
      // spinner is on the screen long enough to type Ctrl-C into it.
      wrapperDir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-slow-rpm-'));
      slowRpm = path.join(wrapperDir, 'rpm-slow-verify');
      writeFileSync(slowRpm, '#!/bin/sh\nfor a in "$@"; do [ "$a" = -V ] && sleep 4; done\nexec rpm "$@"\n');
      chmodSync(slowRpm, 0o755);
    });
    afterAll(() => rmSync(wrapperDir, { recursive: true, force: true }));

    for (const [how, sig, code] of [['Ctrl-C typed', 'SIGINT', 130], ['SIGTERM to its pid', 'SIGTERM', 143]] as const) {
      it(`${how}: exit ${code}, nothing installed, the record says interrupted, the lock is released`, { timeout: TEST_TIMEOUT }, async () => {
        const root = await rootWith(v1.all);
        const before = await installed(root);
        let sent = false;
        const r = await runInTerminal(['node', DIST_CLI, '-Uvh', '--root', root, '--running-kernel', kuname('v1'), ...v2.all], {
          columns: 120,
          env: consoleEnv({ SAFERPM_RPM: slowRpm }),
          timeoutMs: TERMINAL_TIMEOUT,
          onScreen: (screen, terminal) => {
            // the spinner of the phase that runs rpm -V before the transaction is drawn (the
            // configuration backup asks for it first; the integrity step reuses its result)
            if (sent || !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] configuration backup/.test(stripCodes(screen))) return;
            sent = true;
            if (sig === 'SIGINT') terminal.type('\x03');
            else terminal.signal('SIGTERM');
          },
        });
        expect(sent, r.screen.slice(-2000)).toBe(true);
        expect(r.timedOut).toBe(false);
        expect(r.exitCode, r.screen.slice(-2000)).toBe(code);
        expect(await installed(root)).toEqual(before);
        expect(existsSync(lockFile(root))).toBe(false);
        const record = onlyRecord(root);
        expect(record).toMatchObject({ status: 'interrupted', signal: sig, exitCode: code });
        expect(record.commands).toEqual([]); // rpm never ran
        expect(record.packages.every((p) => p.action === 'unchanged')).toBe(true);
      });
    }
  });
});

describe.runIf(needTools('script', 'dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf upgrade -y on a terminal (smoke)', () => {
  let v1Repo: string;
  let allRepo: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2'])]);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const columns of [120, 0]) {
    it(`finishes at ${columns} columns, installs the new kernel beside the old, releases the lock`, { timeout: TEST_TIMEOUT }, async () => {
      const root = tempRoot();
      const setup = await dnf([...dnfOptions(root, v1Repo), '-y', '-q', 'install', 'kernel', 'openssh-server']);
      expect(setup.exitCode, String(setup.stderr)).toBe(0);
      const r = await runInTerminal(['node', DIST_CLI, 'dnf', ...dnfOptions(root, allRepo), 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1')], {
        columns,
        env: consoleEnv(),
        timeoutMs: TERMINAL_TIMEOUT,
      });
      expect(r.timedOut, r.screen.slice(-2000)).toBe(false);
      expect(r.exitCode, r.screen.slice(-2000)).toBe(0);
      const after = await installed(root);
      expect(after).toContain(`kernel-core-${kuname('v1')}`);
      expect(after).toContain(`kernel-core-${kuname('v2')}`);
      expect(visibleLines(r.screen).some((l) => l.includes('safe to reboot'))).toBe(true);
      expect(existsSync(lockFile(root))).toBe(false);
    });
  }
});
