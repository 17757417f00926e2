/**
 * Temporary roots for the real rpm, and running rpm and saferpm against them.
 * Nothing here touches the host's rpm database or /boot.
 */
import { existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type Result } from 'execa';
import { onTestFinished } from 'vitest';
import { CACHE, DIST_CLI } from './paths.js';
import { ensureRpmHome } from './build-rpms.js';

/** A fresh temporary directory, removed when the current test ends. */
export function tempDir(prefix = 'saferpm-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary root that looks like an RPM machine: /etc/machine-id, /boot, the rpm database at /var/lib/rpm. */
export function tempRoot(): string {
  const root = tempDir('saferpm-root-');
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  mkdirSync(path.join(root, 'boot'), { recursive: true });
  writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  return root;
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: ensureRpmHome(), LC_ALL: 'C', SAFERPM_TEST_MODE: testModeFile(), ...extra };
}

/**
 * The file that lets a root run honour SAFERPM_FAULT (src/state/test-mode.ts):
 * owned by root (the tests run as root), 0644, with the exact text.
 */
export function testModeFile(): string {
  const file = path.join(CACHE, 'test-mode');
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(file, 'saferpm test mode\n', { mode: 0o644 });
  }
  return file;
}

export async function rpm(root: string, args: string[]): Promise<Result> {
  return execa('rpm', ['--root', root, ...args], { reject: false, env: testEnv(), extendEnv: true });
}

/** Installed packages as sorted NEVRA lines. */
export async function installed(root: string): Promise<string[]> {
  const r = await rpm(root, ['-qa', '--qf', '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n']);
  return String(r.stdout).split('\n').filter(Boolean).sort();
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run the built saferpm as a user would, with the test HOME. */
export async function saferpm(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<CliResult> {
  const r = await execa('node', [DIST_CLI, ...args], {
    reject: false,
    env: testEnv(options.env),
    extendEnv: true,
    input: options.input,
    cwd: options.cwd,
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A temporary root with these package files installed by the real `rpm -ivh` (the "v1 machine" most tests start from). */
export async function rootWith(files: readonly string[]): Promise<string> {
  const root = tempRoot();
  const r = await rpm(root, ['-ivh', ...files]);
  if (r.exitCode !== 0) throw new Error(`rpm -ivh into ${root} failed: ${String(r.stderr)}`);
  return root;
}

/** The package file among `files` whose file name starts with `prefix` ('kernel-core-', 'openssh-server-'). */
export function pick(files: readonly string[], prefix: string): string {
  const found = files.find((f) => path.basename(f).startsWith(prefix));
  if (!found) throw new Error(`no ${prefix}* among ${files.map((f) => path.basename(f)).join(', ')}`);
  return found;
}
