/**
 * Temporary folders tied to one test through its own context: the scenarios
 * run concurrently, and the shared tempDir() helper registers its clean-up on
 * whichever test is current, which with concurrent tests can be another one
 * (its disk image was removed while qemu still wrote the serial log).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'vitest';
import { MACHINE_ID } from './kernels.js';

export function scenarioDir(t: TestContext, prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An empty system root: /etc/machine-id and /boot. */
export function scenarioRoot(t: TestContext): string {
  const root = scenarioDir(t, 'bootlab-root-');
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  mkdirSync(path.join(root, 'boot'), { recursive: true });
  writeFileSync(path.join(root, 'etc/machine-id'), `${MACHINE_ID}\n`);
  return root;
}
