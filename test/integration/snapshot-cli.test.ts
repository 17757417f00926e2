/**
 * The test: a throwaway listener started between two snapshots is
 * reported as a new listening port with its process; stopped, as closed.
 * Snapshots are taken by the built CLI, as an admin would around maintenance.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { saferpm, tempDir } from '../helpers/roots.js';

/** A TCP listener on 127.0.0.1 that exits by itself after 30 s, and is killed by its own pid when the test ends. */
async function startListener(): Promise<{ pid: number; port: number; child: ResultPromise }> {
  const code = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>process.exit(0),30000)";
  const child = execa('node', ['-e', code], { reject: false });
  let exited = false;
  child.on('exit', () => { exited = true; });
  onTestFinished(() => { if (!exited) process.kill(child.pid as number, 'SIGKILL'); });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout?.once('data', (b: Buffer) => ok(Number(String(b).trim())));
    setTimeout(() => fail(new Error('listener did not start within 10 s')), 10_000);
  });
  return { pid: child.pid as number, port, child };
}

async function take(dir: string, name: string, extra: string[] = []): Promise<string> {
  const file = path.join(dir, name);
  const r = await saferpm(['snapshot', 'take', '--root', tempDir(), '--out', file, ...extra]);
  expect(r.stderr).not.toContain('error');
  expect(r.exitCode).toBe(0);
  return file;
}

describe('saferpm snapshot take and diff around a listener', () => {
  it('reports the new port with its process, then the closed port', async () => {
    const dir = tempDir();
    const a = await take(dir, 'a.json');
    const listener = await startListener();
    const b = await take(dir, 'b.json', ['--text']);
    const me = os.userInfo().username;
    // Other tests may open ports or start daemons meanwhile: assert on ours, not on counts.
    const opened = await saferpm(['snapshot', 'diff', a, b]);
    expect(opened.exitCode).toBe(0);
    expect(opened.stdout).toMatch(/^Listening ports opened \(\d+\):\n/);
    expect(opened.stdout).toContain(`  tcp 127.0.0.1:${listener.port}, by pid ${listener.pid} (${me}) node -e `);
    expect(opened.stdout).toMatch(new RegExp(`Processes appeared \\(\\d+\\):\\n(  .*\\n)*  pid ${listener.pid} \\(${me}\\) node -e .*\\[holds a listening socket\\]`));

    const json = JSON.parse((await saferpm(['snapshot', 'diff', '--json', a, b])).stdout);
    const ours = (list: { port: number }[]) => list.filter((p) => p.port === listener.port);
    expect(ours(json.ports.opened)).toEqual([expect.objectContaining({ proto: 'tcp', address: '127.0.0.1', allAddresses: false, processes: [expect.objectContaining({ pid: listener.pid })] })]);
    expect(ours(json.ports.closed)).toEqual([]);

    process.kill(listener.pid, 'SIGTERM');
    await listener.child;
    const c = await take(dir, 'c.json');
    const closed = await saferpm(['snapshot', 'diff', b, c]);
    expect(closed.stdout).toMatch(new RegExp(`Listening ports closed \\(\\d+\\):\\n(  .*\\n)*  tcp 127\\.0\\.0\\.1:${listener.port}, was pid ${listener.pid} \\(${me}\\) node -e`));
    const closedJson = JSON.parse((await saferpm(['snapshot', 'diff', '--json', b, c])).stdout);
    expect(ours(closedJson.ports.opened)).toEqual([]);
    expect(ours(closedJson.ports.closed)).toHaveLength(1);

    expect(readFileSync(b.replace(/\.json$/, '.netstat.txt'), 'utf8')).toMatch(new RegExp(`tcp   127\\.0\\.0\\.1:${listener.port} +0\\.0\\.0\\.0:\\* +LISTEN +${listener.pid}/node`));
    expect(readFileSync(b.replace(/\.json$/, '.ps-ef.txt'), 'utf8')).toMatch(new RegExp(`^${me} +${listener.pid} +\\d+ .* node -e `, 'm'));
    expect(statSync(b).mode & 0o777).toBe(0o600);
  });
});

describe('saferpm snapshot errors', () => {
  it('names a missing snapshot file and a file that is not a snapshot', async () => {
    const dir = tempDir();
    const missing = await saferpm(['snapshot', 'diff', path.join(dir, 'nope.json'), path.join(dir, 'nope.json')]);
    expect(missing.exitCode).toBe(66);
    expect(missing.stderr).toContain(`saferpm: error: ${path.join(dir, 'nope.json')}: cannot read the snapshot file`);
    const other = path.join(dir, 'record.json');
    writeFileSync(other, '{"schema":"saferpm.run/1"}');
    const wrong = await saferpm(['snapshot', 'diff', other, other]);
    expect(wrong.exitCode).toBe(65);
    expect(wrong.stderr).toContain(`${other}:1:1: not a saferpm snapshot`);
  });

  it('refuses a root that does not exist, and needs --out', async () => {
    const r = await saferpm(['snapshot', 'take', '--root', '/nonexistent/root', '--out', path.join(tempDir(), 'x.json')]);
    expect(r.exitCode).toBe(66);
    expect(r.stderr).toContain('/nonexistent/root: the root directory does not exist');
    expect((await saferpm(['snapshot', 'take'])).exitCode).toBe(64);
    const dir = path.join(tempDir(), 'missing');
    const noFolder = await saferpm(['snapshot', 'take', '--out', path.join(dir, 'x.json')]);
    expect(noFolder.exitCode).toBe(66);
    expect(noFolder.stderr).toContain(`saferpm: error: ${dir}: the folder for --out does not exist\nsaferpm: hint: create it first: mkdir -p ${dir}`);
  });
});
