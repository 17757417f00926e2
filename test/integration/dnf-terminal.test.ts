/**
 * saferpm dnf at a real terminal (a pseudo-terminal made by script(1)), the
 * way an admin sees it: at 120 columns and at 0 columns (what many serial
 * consoles report), with and without -y, answering dnf's own
 * "Is this ok [y/N]:" by typing, and SIGTERM while a spinner is drawn. The
 * real dnf on a temporary --installroot, a repository made by createrepo_c.
 * The child gets no CI variable: ora draws nothing when CI is set, and the
 * spinner is what these tests are about.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnf, dnfOptions, installedRoot, v1AndAllRepos } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, saferpm, testEnv } from '../helpers/roots.js';
import { runInTerminal, visibleLines, type TerminalControl, type TerminalOptions } from '../helpers/terminal.js';
import { needTools } from '../helpers/tools.js';

/** ora's default spinner on a Unicode terminal (cli-spinners 'dots'). */
const FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
/** What ora writes to redraw a spinner line: cursor to column 1, erase line, cursor up. */
const REDRAW = /\x1b\[(1G|0K|2K|1A|\?25[lh])/;
const PROMPT = 'Is this ok [y/N]: ';

function records(root: string): Record<string, any>[] {
  const dir = path.join(root, 'var/lib/saferpm/runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().map((id) => JSON.parse(readFileSync(path.join(dir, id, 'record.json'), 'utf8')));
}

/** The part of the screen from saferpm's "running: dnf ..." line to dnf's last word: dnf owns the terminal there. */
function dnfPart(screen: string): string {
  const start = screen.indexOf('saferpm: running: ');
  expect(start, 'saferpm says when dnf starts').toBeGreaterThan(-1);
  const ends = ['Complete!', 'Operation aborted.'].map((w) => screen.indexOf(w, start)).filter((i) => i > 0);
  expect(ends.length, 'dnf finished on the screen').toBeGreaterThan(0);
  return screen.slice(start, Math.min(...ends));
}

/**
 * The repository over HTTP on 127.0.0.1, answering everything but repomd.xml,
 * which it holds (calling onHeld) until close(): dnf waits in its resolution.
 */
async function holdingRepo(dir: string, onHeld: () => void): Promise<{ url: string; close(): Promise<void> }> {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.normalize(decodeURIComponent(req.url ?? '/')).replace(/^(\.\.[/\\])+/, ''));
    if (file.endsWith('repomd.xml')) {
      held.push(res);
      onHeld();
      return;
    }
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.runIf(needTools('script', 'dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf at a terminal', () => {
  const repos = v1AndAllRepos();

  const v1Root = (): Promise<string> => installedRoot(repos.v1);

  const env = { ...testEnv(), PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm' };
  const upgrade = (root: string, ...more: string[]) =>
    ['node', DIST_CLI, 'dnf', ...dnfOptions(root, repos.all), 'upgrade', ...more, '--saferpm-running-kernel', kuname('v1')];
  const terminal = (columns: number, onScreen?: TerminalOptions['onScreen']): TerminalOptions => ({ columns, env, timeoutMs: 90_000, ...(onScreen ? { onScreen } : {}) });

  for (const columns of [120, 0]) {
    it(`upgrade -y at ${columns} columns finishes, exits 0, and no spinner draws while dnf runs`, async () => {
      const root = await v1Root();
      const r = await runInTerminal(upgrade(root, '-y'), terminal(columns));
      expect(r.timedOut, r.screen.slice(-2000)).toBe(false);
      expect(r.exitCode, r.screen.slice(-2000)).toBe(0);
      expect(records(root).map((x) => x.status)).toEqual(['succeeded']);
      expect(await installed(root)).toContain(`kernel-core-${kuname('v3')}`);
      expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
      if (columns > 0) expect(r.screen, 'the phases are drawn as spinners at 120 columns').toMatch(FRAME);
      else expect(r.screen, 'no spinner at 0 columns').not.toMatch(FRAME);
      if (columns === 0) expect(r.screen).not.toMatch(REDRAW);
      const during = dnfPart(r.screen);
      expect(during).not.toMatch(FRAME);
      expect(during).not.toMatch(REDRAW);
      expect(r.screen.length, 'no flood of cursor codes').toBeLessThan(40_000);
    }, 120_000);

    it(`without -y, with --saferpm-changelog, at ${columns} columns, dnf asks; 'y' typed at its prompt carries the upgrade out, the prompt line intact`, async () => {
      const root = await v1Root();
      let typed = false;
      // --saferpm-changelog: its spinner is the last one before dnf asks
      const r = await runInTerminal(upgrade(root, '--saferpm-changelog'), terminal(columns, (screen, t) => {
        if (!typed && screen.endsWith(PROMPT)) {
          typed = true;
          t.type('y\r');
        }
      }));
      expect(r.timedOut, r.screen.slice(-2000)).toBe(false);
      expect(typed).toBe(true);
      expect(r.exitCode, r.screen.slice(-2000)).toBe(0);
      expect(visibleLines(r.screen), "the prompt and the admin's answer, nothing of saferpm's drawn over them").toContain(`${PROMPT}y`);
      expect(dnfPart(r.screen)).not.toMatch(FRAME);
      expect(await installed(root)).toContain(`kernel-core-${kuname('v3')}`);
      expect(records(root).map((x) => x.status)).toEqual(['succeeded']);
    }, 120_000);
  }

  it("'n' typed at dnf's prompt: nothing changes, saferpm exits as dnf did (1), the run record says failed", async () => {
    const root = await v1Root();
    const before = await installed(root);
    let typed = false;
    const r = await runInTerminal(upgrade(root), terminal(120, (screen, t) => {
      if (!typed && screen.endsWith(PROMPT)) {
        typed = true;
        t.type('n\r');
      }
    }));
    expect(r.timedOut, r.screen.slice(-2000)).toBe(false);
    expect(r.exitCode, r.screen.slice(-2000)).toBe(1);
    expect(visibleLines(r.screen)).toContain(`${PROMPT}n`);
    expect(r.screen).toContain('Operation aborted.');
    expect(await installed(root)).toEqual(before);
    expect(records(root)).toMatchObject([{ status: 'failed', exitCode: 1, packages: expect.arrayContaining([expect.objectContaining({ name: 'kernel-core', action: 'unchanged' })]) }]);
    expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
  }, 120_000);

  for (const columns of [120, 0]) {
    // at 120 columns a spinner frame; at 0 columns (no spinner) the warning the standby step prints
    const during = columns > 0 ? FRAME : /no standby copy of the installed/;
    it(`SIGTERM during saferpm's safety steps at ${columns} columns: exit 143, nothing changed, the record says interrupted, the lock is released`, async () => {
      const root = await v1Root();
      const before = await installed(root);
      let sent = false;
      const r = await runInTerminal(upgrade(root, '-y'), terminal(columns, (screen, t) => {
        if (!sent && during.test(screen)) {
          sent = true;
          t.signal('SIGTERM');
        }
      }));
      expect(r.timedOut, r.screen.slice(-2000)).toBe(false);
      expect(sent).toBe(true);
      expect(r.exitCode, r.screen.slice(-2000)).toBe(143);
      expect(await installed(root)).toEqual(before);
      expect(records(root)).toMatchObject([{ status: 'interrupted', signal: 'SIGTERM', exitCode: 143 }]);
      expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
      const again = await runInTerminal(upgrade(root, '-y'), terminal(columns));
      expect(again.exitCode, 'the next run takes the lock').toBe(0);
    }, 180_000);
  }

  for (const [how, code] of [['Ctrl-C', 130], ['SIGTERM', 143]] as const) {
    it(`${how} while dnf resolves the request (its repository has not answered): one line says nothing was changed, exit ${code}, a record says interrupted`, async () => {
      const root = await v1Root();
      const before = await installed(root);
      let control: TerminalControl | undefined;
      let interrupted = false;
      const repo = await holdingRepo(repos.all, () => {
        if (interrupted) return;
        interrupted = true;
        if (how === 'Ctrl-C') control?.type('\x03'); // the terminal sends SIGINT to saferpm and dnf, as at a console
        else control?.signal('SIGTERM');
      });
      try {
        const argv = ['node', DIST_CLI, 'dnf', `--installroot=${root}`, '--setopt=reposdir=/dev/null', `--repofrompath=updates,${repo.url}`,
          '--setopt=metadata_expire=0', '--releasever=9', '--nogpgcheck', 'upgrade', '-y', '--saferpm-running-kernel', kuname('v1')];
        const r = await runInTerminal(argv, { ...terminal(120), onStart: (t) => { control = t; } });
        expect(r.timedOut, r.screen.slice(-2000)).toBe(false);
        expect(interrupted, 'dnf asked the repository for repomd.xml').toBe(true);
        expect(r.exitCode, r.screen.slice(-2000)).toBe(code);
        // the terminal echoes the typed Ctrl-C as ^C
        expect(visibleLines(r.screen).map((l) => l.replace(/^\^C/, '')), JSON.stringify(r.screen)).toContain('saferpm: interrupted while resolving: nothing was changed');
        expect(await installed(root)).toEqual(before);
        expect(records(root)).toMatchObject([{ status: 'interrupted', signal: how === 'Ctrl-C' ? 'SIGINT' : 'SIGTERM', exitCode: code, commands: [], packages: [] }]);
        const history = await saferpm(['history', '--root', root]);
        expect(history.exitCode, history.stderr).toBe(0);
        expect(history.stdout).toMatch(/interrupted/);
        expect(existsSync(path.join(root, 'var/lib/saferpm/lock'))).toBe(false);
      } finally {
        await repo.close();
      }
    }, 120_000);
  }
});
