/**
 * Runs a command the way a person sees it: under a real pseudo-terminal made
 * by util-linux script(1), with the width the test asks for (0 columns is what
 * many serial consoles report). Keys are typed into the terminal (Ctrl-C
 * reaches the foreground process group as SIGINT, as at a console); other
 * signals go to the command's own pid, which the shell writes before exec.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TerminalRun {
  /** Everything the terminal showed, control sequences included. */
  screen: string;
  /** The command's exit code (from script's COMMAND_EXIT_CODE), or null when script itself was killed. */
  exitCode: number | null;
  timedOut: boolean;
}

export interface TerminalOptions {
  columns: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Ends the run (SIGKILL of the whole tree) after this long; the test then fails on timedOut. */
  timeoutMs?: number;
  /** Reacts to what the screen shows so far: type keys, send a signal. Called on every chunk. */
  onScreen?: (screen: string, terminal: TerminalControl) => void;
  /** Called once the terminal exists, with its control: for events that do not show on the screen (a server request). */
  onStart?: (terminal: TerminalControl) => void;
}

export interface TerminalControl {
  type(keys: string): void;
  /** Sends a signal to the command itself (not to script). */
  signal(sig: NodeJS.Signals): void;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Strips control sequences and carriage returns: the lines a person reads. */
export function visibleLines(screen: string): string[] {
  return screen
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\r(?!\n)/g, '\n')
    .replace(/\r/g, '')
    .split('\n');
}

export async function runInTerminal(argv: string[], options: TerminalOptions): Promise<TerminalRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-tty-'));
  const pidFile = path.join(dir, 'pid');
  const inner = `stty cols ${options.columns} rows 40; echo $$ > ${shellQuote(pidFile)}; exec ${argv.map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', inner, '/dev/null'], {
    env: { TERM: 'xterm', ...options.env },
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let timedOut = false;
  const control: TerminalControl = {
    type: (keys) => child.stdin.write(keys),
    signal: (sig) => {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, sig);
    },
  };
  options.onStart?.(control);
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    if (screen.length > 50_000_000) child.kill('SIGKILL');
    options.onScreen?.(screen, control);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      control.signal('SIGKILL');
    } catch {
      /* not started */
    }
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  return { screen, exitCode: code, timedOut };
}
