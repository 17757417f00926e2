/**
 * The only place that writes to the terminal. Commands get an Output and never
 * touch process.stdout/stderr themselves, so tests can capture what they say.
 * The spinner (ora) shows saferpm's own phases only when stderr is a terminal
 * of known width: never spinner noise in pipes, logs, cron mail or on a serial
 * console that reports 0 columns (ora would compute an endless number of lines
 * to erase there), and never while rpm or dnf owns the terminal.
 */
import { printable } from './printable.js';
import type { Ora } from 'ora';
import { onTerminalHandoff } from '../exec/terminal.js';

export interface Output {
  /** Normal output (stdout): plans, reports, tables. */
  out(text: string): void;
  /** Diagnostics (stderr), prefixed "saferpm: ". */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** Start a phase; returns a function that ends it. */
  phase(text: string): (result?: 'ok' | 'fail' | 'skip') => void;
  readonly interactive: boolean;
  /**
   * rpm's --quiet or dnf's -q: from now on stderr carries only errors, notices
   * and what rpm or dnf wrote (cron mail, "stderr not empty = failure" checks);
   * everything else is still in the run record and --report.
   */
  beQuiet(): void;
  readonly quiet: boolean;
  /** What rpm or dnf wrote, shown as the program wrote it (no prefix); quiet does not hide it. */
  relay(text: string, stream: 'stdout' | 'stderr'): void;
  /** A line quiet still shows (stderr, prefixed "saferpm: "): the boot verdict after a kernel changed, why nothing happened. */
  notice(text: string): void;
}

/**
 * A reader that goes away (saferpm history | head) must not stop saferpm, which
 * may be in the middle of a transaction: EPIPE on stdout or stderr only stops
 * the writing to that stream.
 */
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed.add(stream);
    else throw e;
  });
}

/** A spinner is drawn only on a terminal whose width is known and not 0. */
export function spinnerAllowed(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.TERM !== 'dumb' && !env.CI && (stream.columns ?? 0) > 0;
}

/** One phase's spinner; ora is loaded lazily, so a phase may end before its spinner exists. */
interface PhaseState {
  ended: boolean;
  spinner?: Ora;
}

export function consoleOutput(options: { quiet?: boolean } = {}): Output {
  const interactive = spinnerAllowed();
  let quiet = Boolean(options.quiet);
  let active: PhaseState | undefined;
  const stopActive = (): void => {
    const phase = active;
    active = undefined;
    if (!phase) return;
    phase.ended = true;
    phase.spinner?.stop();
  };
  onTerminalHandoff(stopActive);
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    if (closed.has(stream)) return;
    const spinner = active?.spinner;
    spinner?.clear();
    const clean = printable(text); // whatever a line holds, no escape sequence reaches the terminal (issue 16, 9)
    stream.write(clean.endsWith('\n') ? clean : clean + '\n');
    spinner?.render();
  };
  return {
    interactive,
    get quiet() {
      return quiet;
    },
    beQuiet() {
      quiet = true;
      stopActive();
    },
    out: (t) => write(process.stdout, t),
    info: (t) => { if (!quiet) write(process.stderr, `saferpm: ${t}`); },
    warn: (t) => { if (!quiet) write(process.stderr, `saferpm: warning: ${t}`); },
    error: (t) => write(process.stderr, `saferpm: error: ${t}`),
    notice: (t) => write(process.stderr, `saferpm: ${t}`),
    relay: (t, stream) => { if (t !== '') write(stream === 'stdout' ? process.stdout : process.stderr, t); },
    phase(text) {
      if (!interactive || quiet || !spinnerAllowed()) return () => undefined;
      stopActive();
      const phase: PhaseState = { ended: false };
      active = phase;
      void import('ora').then(({ default: ora }) => {
        if (phase.ended || active !== phase || closed.has(process.stderr)) return;
        // discardStdin off: ora would otherwise put the terminal in raw mode and eat
        // what the admin types for dnf's prompt; hideCursor off: nothing to restore
        // if saferpm is killed.
        phase.spinner = ora({ text, stream: process.stderr, discardStdin: false, hideCursor: false }).start();
      });
      return (result = 'ok') => {
        phase.ended = true;
        if (active === phase) active = undefined;
        const s = phase.spinner;
        phase.spinner = undefined;
        if (!s) return;
        if (result === 'ok') s.succeed();
        else if (result === 'fail') s.fail();
        else s.info();
      };
    },
  };
}

/** An Output that keeps everything, for tests and for --json modes. */
export interface MemoryOutput extends Output {
  stdout: string[];
  stderr: string[];
}

export function memoryOutput(): MemoryOutput {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let quiet = false;
  return {
    interactive: false,
    stdout,
    stderr,
    get quiet() {
      return quiet;
    },
    beQuiet: () => { quiet = true; },
    out: (t) => stdout.push(printable(t)),
    info: (t) => { if (!quiet) stderr.push(printable(`saferpm: ${t}`)); },
    warn: (t) => { if (!quiet) stderr.push(printable(`saferpm: warning: ${t}`)); },
    error: (t) => stderr.push(printable(`saferpm: error: ${t}`)),
    notice: (t) => stderr.push(printable(`saferpm: ${t}`)),
    relay: (t, stream) => { if (t !== '') (stream === 'stdout' ? stdout : stderr).push(t); },
    phase: () => () => undefined,
  };
}
