/**
 * Helpers shared by the shipping integration tests (test/integration/ship-*):
 * building saferpm's own RPM with scripts/package.mjs, driving bash completion
 * non-interactively, and recorder programs put first on PATH.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO } from '../../helpers/paths.js';
import { ensureRpmHome } from '../../helpers/build-rpms.js';

/** package.json's version: the RPM's Version. */
export const PKG_VERSION: string = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

/** This rpm's %{?dist} ('' on Debian, '.fc41' on Fedora): it ends the package's Release. */
export async function distTag(): Promise<string> {
  return String((await execa('rpm', ['--eval', '%{?dist}'])).stdout).trim();
}

/** saferpm-VERSION-RELEASE.noarch as rpm -qa prints it. */
export function saferpmNevra(release: string, dist: string): string {
  return `saferpm-${PKG_VERSION}-${release}${dist}.noarch`;
}

/** A temporary directory for a whole describe block; call the returned cleanup in afterAll. */
export function blockDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** saferpm's RPM of the working tree, built by 'npm run package' (cached under .cache/package). */
export async function buildSaferpmRpm(release: string, outDir: string): Promise<{ binary: string; source: string }> {
  const r = await execa(process.execPath, [path.join(REPO, 'scripts/package.mjs'), '--release', release, '--out', outDir], { reject: false, env: { HOME: ensureRpmHome() }, extendEnv: true });
  if (r.exitCode !== 0) throw new Error(`scripts/package.mjs failed (${r.exitCode}):\n${r.stderr}`);
  const binary = String(r.stdout).trim();
  const source = readdirSync(outDir).find((f) => f.startsWith(`saferpm-${PKG_VERSION}-${release}`) && f.endsWith('.src.rpm'));
  if (!source) throw new Error(`no source RPM in ${outDir}`);
  return { binary, source: path.join(outDir, source) };
}

export const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';

/**
 * What bash offers for the last word of `words` (the command line so far),
 * with bash-completion and the script loaded, run in `cwd`. stderr of loading
 * and completing is returned too: it must be empty.
 */
export async function bashComplete(script: string, words: string[], cwd = os.tmpdir()): Promise<{ reply: string[]; stderr: string }> {
  const program = [
    `source ${BASH_COMPLETION}`,
    'source "$1"',
    'shift',
    'COMP_WORDS=("$@")',
    'COMP_CWORD=$((${#COMP_WORDS[@]} - 1))',
    'COMP_LINE="${COMP_WORDS[*]}"',
    'COMP_POINT=${#COMP_LINE}',
    'COMPREPLY=()',
    '_saferpm saferpm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = await execa('bash', ['--norc', '--noprofile', '-c', program, 'bash', script, ...words], { cwd, reject: false });
  if (r.exitCode !== 0) throw new Error(`bash exited ${r.exitCode}: ${r.stderr}`);
  return { reply: String(r.stdout).split('\n').filter(Boolean).sort(), stderr: String(r.stderr) };
}

/** An executable sh script `name` in `dir`. */
export function writeScript(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
