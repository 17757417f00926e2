/**
 * The only place that writes to the terminal. Commands get an Output and never
 * touch process.stdout/stderr themselves, so tests can capture what they say.
 * The spinner (ora) shows saferpm's own phases only when stderr is a terminal:
 * never spinner noise in pipes, logs or cron mail.
 */
import type { Ora } from 'ora';

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

export function consoleOutput(options: { quiet?: boolean } = {}): Output {
  const interactive = Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb' && !process.env.CI;
  let spinner: Ora | undefined;
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    if (closed.has(stream)) return;
    spinner?.clear();
    stream.write(text.endsWith('\n') ? text : text + '\n');
    spinner?.render();
  };
  return {
    interactive,
    out: (t) => write(process.stdout, t),
    info: (t) => { if (!options.quiet) write(process.stderr, `saferpm: ${t}`); },
    warn: (t) => write(process.stderr, `saferpm: warning: ${t}`),
    error: (t) => write(process.stderr, `saferpm: error: ${t}`),
    phase(text) {
      if (!interactive || options.quiet) return () => undefined;
      void import('ora').then(({ default: ora }) => {
        spinner = ora({ text, stream: process.stderr }).start();
      });
      return (result = 'ok') => {
        const s = spinner;
        spinner = undefined;
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
  return {
    interactive: false,
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    info: (t) => stderr.push(`saferpm: ${t}`),
    warn: (t) => stderr.push(`saferpm: warning: ${t}`),
    error: (t) => stderr.push(`saferpm: error: ${t}`),
    phase: () => () => undefined,
  };
}
