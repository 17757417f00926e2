/**
 * The plan's integrity_command, with tiny stand-ins for aide put first on PATH
 * (saferpm's runCommand passes PATH through), as execa's own tests do.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIntegrityTool, saveIntegrityOutput } from '../../src/audit/integrity-tool.js';
import { tempDir } from '../helpers/roots.js';

const savedPath = process.env.PATH;
afterEach(() => { process.env.PATH = savedPath; });

function fakeTool(name: string, script: string): void {
  const bin = tempDir('saferpm-fake-bin-');
  writeFileSync(path.join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(bin, name), 0o755);
  process.env.PATH = `${bin}:${savedPath}`;
}

describe('file-integrity tool after the transaction', () => {
  it('reads aide\'s bit mask as changes, keeps stdout and stderr, and saves them 0600 beside the record', async () => {
    fakeTool('aide', 'echo "AIDE found differences between database and filesystem!!"; echo "root=$SAFERPM_ROOT" ; echo "warning: x" >&2; exit 4');
    const r = await runIntegrityTool('/mnt/sysimage', ['aide', '--check']);
    expect(r).toMatchObject({ argv: ['aide', '--check'], exitCode: 4, verdict: 'changes' });
    expect(r.output).toBe('AIDE found differences between database and filesystem!!\nroot=/mnt/sysimage\nwarning: x\n');
    const run = tempDir();
    const file = await saveIntegrityOutput(run, r);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# aide --check: exit 4 (changes)');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reports a missing tool as a result, not an exception (rpm has already run)', async () => {
    process.env.PATH = tempDir('saferpm-empty-bin-');
    const r = await runIntegrityTool('/', ['aide', '--check']);
    expect(r).toMatchObject({ exitCode: -1, verdict: 'error', error: 'aide is not installed or not on PATH' });
  });

  it('stops a tool that runs past its time', async () => {
    fakeTool('aide', 'exec sleep 5');
    const r = await runIntegrityTool('/', ['aide', '--check'], { timeoutMs: 200 });
    expect(r.verdict).toBe('error');
    expect(r.error).toBe('aide --check ran past its time limit of 0.2 s and was stopped');
  });
});
