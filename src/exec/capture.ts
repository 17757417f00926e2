/**
 * The common case of runCommand, straight on node:child_process: output
 * captured, no input, no terminal, no signal forwarding, saferpm's fixed
 * environment. Every rpm query and check of a run is such a call; through
 * execa each cost about 5 ms more of saferpm's own CPU (measured: 10 ms
 * against 4.5 ms per call for `true`, issue 13 "Cost per call"), and
 * loading execa's 240 kB of code about as much as two rpm processes.
 * Results are the ones execa gave with reject: false: exit code, signal,
 * stdout and stderr as written (no final newline stripped); a missing
 * program is a ToolMissingError; a timeout sends SIGTERM, then SIGKILL
 * after 5 s (execa's forceKillAfterDelay default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { ToolMissingError } from '../errors.js';

export interface CaptureRequest {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  providedBy?: string;
  onStdout?: (text: string) => void;
  alongside?: () => Promise<void>;
}

export interface Captured {
  exitCode: number | undefined;
  signal: NodeJS.Signals | undefined;
  stdout: string;
  stderr: string;
}

const FORCE_KILL_AFTER_MS = 5000;

export async function capture(req: CaptureRequest): Promise<Captured> {
  const child = spawn(req.file, [...req.args], { cwd: req.cwd, env: req.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = collect(child, req);
  if (req.alongside) {
    try {
      await req.alongside();
    } catch (e) {
      child.kill('SIGKILL');
      await done.catch(() => undefined);
      throw e;
    }
  }
  return done;
}

function collect(child: ChildProcess, req: CaptureRequest): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sink = req.onStdout;
    const decoder = sink ? new StringDecoder('utf8') : undefined;
    child.stdout?.on('data', (chunk: Buffer) => (sink && decoder ? sink(decoder.write(chunk)) : out.push(chunk)));
    if (sink && decoder) child.stdout?.on('end', () => sink(decoder.end()));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let force: NodeJS.Timeout | undefined;
    const timer = req.timeoutMs === undefined ? undefined : setTimeout(() => {
      child.kill('SIGTERM');
      force = setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_AFTER_MS);
    }, req.timeoutMs);
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError ??= e;
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      clearTimeout(force);
      if (spawnError?.code === 'ENOENT') return reject(new ToolMissingError(req.file, req.providedBy));
      // a program that could not be started (EACCES...): no exit code, as execa reported it
      resolve({ exitCode: spawnError ? undefined : (code ?? undefined), signal: signal ?? undefined, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
