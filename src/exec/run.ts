/**
 * The one adapter through which saferpm runs other programs (rpm, dnf,
 * systemctl, logger, the reboot command). Argument vectors only, never a shell;
 * a fixed environment so that output can be parsed (LC_ALL=C); non-zero exits
 * are returned, not thrown, because rpm and dnf use them for ordinary answers.
 */
import { StringDecoder } from 'node:string_decoder';
import { ToolMissingError } from '../errors.js';
import { capture } from './capture.js';
import { handTerminalToChild } from './terminal.js';

export interface CommandResult {
  file: string;
  args: string[];
  exitCode: number;
  /** Set when the program was killed by a signal. */
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The signal saferpm received (and forwarded) while the program ran. */
  interrupted?: NodeJS.Signals;
}

export interface RunOptions {
  /** Extra variables on top of the fixed environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string | Uint8Array;
  /**
   * capture: stdout and stderr are collected (for parsing).
   * live: stdout goes straight to saferpm's stdout (rpm's hash marks look as
   * they always did), stderr is shown as it comes and also collected, so that
   * failures rpm reports with exit 0 can be found.
   */
  mode?: 'capture' | 'live' | 'inherit';
  /**
   * 'fixed' (default): the sane fixed environment with LC_ALL=C, for output saferpm reads.
   * 'inherit': saferpm's own environment unchanged, for commands passed straight
   * through to the user (rpm -q in their language, exactly as without saferpm).
   */
  environment?: 'fixed' | 'inherit';
  timeoutMs?: number;
  /** Debian package that provides the program, named in the error when it is missing. */
  providedBy?: string;
  /** Forward SIGINT/SIGTERM to the child and wait for it (for long runs such as rpm -U). */
  forwardSignals?: boolean;
  /** Called with stdout as it arrives (decoded as UTF-8), so parsing overlaps the command's own work. */
  onStdout?: (text: string) => void;
  /** Started once the child runs; a rejection kills the child and becomes runCommand's rejection. */
  alongside?: () => Promise<void>;
}

/** Variables passed on from saferpm's own environment; everything else is dropped. */
const PASSED_ON = [
  'PATH', 'HOME', 'TERM', 'TZ', 'TMPDIR', 'USER', 'LOGNAME', 'SUDO_USER',
  'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY',
];

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function childEnvironment(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= DEFAULT_PATH;
  env.LC_ALL = 'C';
  env.LANG = 'C';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const mode = options.mode ?? 'capture';
  const started = performance.now();
  if (mode === 'capture' && options.input === undefined && !options.forwardSignals && options.environment !== 'inherit') {
    return captured(file, args, options, started);
  }
  if (mode !== 'capture') handTerminalToChild();
  // Loaded only for the calls that need it (a terminal, input, forwarded signals): see capture.ts.
  const { execa } = await loadExeca();
  const child = execa(file, [...args], {
    reject: false,
    shell: false,
    extendEnv: options.environment === 'inherit',
    env: options.environment === 'inherit' ? (options.env ?? {}) : childEnvironment(options.env),
    cwd: options.cwd,
    input: options.input,
    stdin: options.input === undefined ? (mode === 'capture' ? 'ignore' : 'inherit') : undefined,
    stdout: mode === 'capture' ? 'pipe' : 'inherit',
    stderr: mode === 'live' ? ['pipe', 'inherit'] : mode === 'inherit' ? 'inherit' : 'pipe',
    timeout: options.timeoutMs,
    stripFinalNewline: false,
    maxBuffer: 1024 * 1024 * 1024,
    // A streaming consumer gets stdout as it comes; keeping a second copy would only cost memory and GC.
    buffer: options.onStdout ? { stdout: false, stderr: true } : true,
    // A signal forwarded to rpm or dnf is never followed by SIGKILL (execa's default, 5 s later): rpm
    // defers SIGINT/SIGTERM to a point where its transaction is consistent, and a scriptlet may take
    // longer than 5 s to get there. Killing it inside the transaction is the half-done state
    // saferpm exists to prevent.
    ...(options.forwardSignals ? { forceKillAfterDelay: false as const } : {}),
  });
  let interrupted: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
    child.kill(signal);
  };
  if (options.forwardSignals) {
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
  }
  if (options.onStdout && child.stdout) {
    const decoder = new StringDecoder('utf8');
    const sink = options.onStdout;
    child.stdout.on('data', (chunk: Buffer | string) => sink(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    child.stdout.on('end', () => sink(decoder.end()));
  }
  try {
    if (options.alongside) {
      try {
        await options.alongside();
      } catch (e) {
        child.kill('SIGKILL');
        await child.catch(() => undefined);
        throw e;
      }
    }
    const r = await child;
    if ((r as { code?: string }).code === 'ENOENT' || (r.failed && r.exitCode === undefined && !r.signal && /ENOENT/.test(String(r.message)))) {
      throw new ToolMissingError(file, options.providedBy);
    }
    const result: CommandResult = {
      file,
      args: [...args],
      exitCode: r.exitCode ?? (r.signal ? 128 + signalNumber(r.signal) : 1),
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
      durationMs: performance.now() - started,
    };
    if (r.signal) result.signal = r.signal;
    if (interrupted) result.interrupted = interrupted;
    return result;
  } finally {
    if (options.forwardSignals) {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    }
  }
}

let execaModule: Promise<typeof import('execa')> | undefined;

/** execa, loaded once, on first need (capture.ts says why not before). */
function loadExeca(): Promise<typeof import('execa')> {
  return (execaModule ??= import('execa'));
}

/**
 * Load the code for commands with a terminal, input or forwarded signals now,
 * while saferpm waits on other work (the safety steps before a transaction wait
 * on rpm -V and the snapshot): the transaction then starts without the pause.
 */
export function preloadTerminalRuns(): void {
  loadExeca().catch(() => undefined);
}

/** The common case, without execa (capture.ts). */
async function captured(file: string, args: readonly string[], options: RunOptions, started: number): Promise<CommandResult> {
  const r = await capture({
    file, args, env: childEnvironment(options.env),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.providedBy !== undefined ? { providedBy: options.providedBy } : {}),
    ...(options.onStdout ? { onStdout: options.onStdout } : {}),
    ...(options.alongside ? { alongside: options.alongside } : {}),
  });
  const result: CommandResult = {
    file,
    args: [...args],
    exitCode: r.exitCode ?? (r.signal ? 128 + signalNumber(r.signal) : 1),
    stdout: r.stdout,
    stderr: r.stderr,
    durationMs: performance.now() - started,
  };
  if (r.signal) result.signal = r.signal;
  return result;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };
function signalNumber(signal: string): number {
  return SIGNALS[signal] ?? 0;
}

/** One line for logs and run records: the argument vector, quoted only where needed. */
export function describeCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(quoteArg).join(' ');
}

export function quoteArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
