/**
 * saferpm dnf at a real terminal (a pseudo-terminal made by script(1)), the
 * way an admin sees it: at 120 columns and at 0 columns (what many serial
 * consoles report), with and without -y, answering dnf's own
 * "Is this ok [y/N]:" by typing, and SIGTERM while a spinner is drawn. The
 * real dnf on a temporary --installroot, a repository made by createrepo_c.
 * The child gets no CI variable: ora draws nothing when CI is set, and the
 * spinner is what these tests are about.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnf, dnfOptions, makeRepo } from '../helpers/dnf-repo.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { DIST_CLI } from '../helpers/paths.js';
import { installed, tempRoot, testEnv } from '../helpers/roots.js';
import { runInTerminal, visibleLines, type TerminalOptions } from '../helpers/terminal.js';
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

describe.runIf(needTools('script', 'dnf', 'rpm', 'rpmbuild', 'createrepo_c'))('saferpm dnf at a terminal', () => {
  let v1Repo: string;
  let allRepo: string;
  beforeAll(async () => {
    [v1Repo, allRepo] = await Promise.all([makeRepo(['v1']), makeRepo(['v1', 'v2', 'v3'])]);
  });
  afterAll(() => {
    for (const dir of [v1Repo, allRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function v1Root(): Promise<string> {
    const root = tempRoot();
    const r = await dnf([...dnfOptions(root, v1Repo), '-y', '-q', 'install', 'kernel', 'openssh-server']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    return root;
  }

  const env = { ...testEnv(), PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm' };
  const upgrade = (root: string, ...more: string[]) =>
    ['node', DIST_CLI, 'dnf', ...dnfOptions(root, allRepo), 'upgrade', ...more, '--saferpm-running-kernel', kuname('v1')];
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

    it(`without -y at ${columns} columns, dnf asks; 'y' typed at its prompt carries the upgrade out, the prompt line intact`, async () => {
      const root = await v1Root();
      let typed = false;
      const r = await runInTerminal(upgrade(root), terminal(columns, (screen, t) => {
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

  it('SIGTERM while a spinner is drawn: exit 143, nothing changed, the record says interrupted, the lock is released', async () => {
    const root = await v1Root();
    const before = await installed(root);
    let sent = false;
    const r = await runInTerminal(upgrade(root, '-y'), terminal(120, (screen, t) => {
      if (!sent && FRAME.test(screen)) {
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
    const again = await runInTerminal(upgrade(root, '-y'), terminal(120));
    expect(again.exitCode, 'the next run takes the lock').toBe(0);
  }, 180_000);
});
