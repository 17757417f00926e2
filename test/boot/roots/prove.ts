/**
 * One scenario of the proof: the root's placeholders become the real kernel
 * and labelled initramfs images, saferpm predicts, the lab boots the disk,
 * and the prediction is compared with what came up. Each result is printed
 * as one "BOOTLAB RESULT" line (the figures of RELIABILITY.md's table).
 */
import path from 'node:path';
import { expect, type TestContext } from 'vitest';
import { bootDisk, buildDisk, putLabKernels, type BootRun, type LabDisk, type LoaderKind } from '../lab/index.js';
import { scenarioDir } from './temp.js';
import { bootCheck, type Prediction } from './predict.js';

export interface Proof {
  prediction: Prediction;
  disk: LabDisk;
  run: BootRun;
}

export interface ProveOptions {
  /** The test's own context: its temporary folders are removed when it ends. */
  t: TestContext;
  scenario: string;
  root: string;
  loader: LoaderKind;
  boots?: number;
  /** Versions whose initramfs panics. */
  fail?: string[];
  timeoutMs?: number;
  stopOn?: RegExp;
}

/** Builds the disk of a root whose kernels are already the lab's, and boots it. */
async function bootPrepared(o: ProveOptions): Promise<Omit<Proof, 'prediction'>> {
  const disk = await buildDisk({ root: o.root, loader: o.loader, workDir: scenarioDir(o.t, 'bootlab-disk-') });
  const run = await bootDisk(disk, { boots: o.boots ?? 1, timeoutMs: o.timeoutMs ?? 180_000, ...(o.stopOn ? { stopOn: o.stopOn } : {}) });
  return { disk, run };
}

/** The lab's kernels in place of the root's placeholders, then a disk of it booted (no prediction). */
export async function bootRoot(o: ProveOptions): Promise<Omit<Proof, 'prediction'>> {
  putLabKernels(path.join(o.root, 'boot'), o.fail ? { fail: o.fail } : {});
  return bootPrepared(o);
}

export async function prove(o: ProveOptions): Promise<Proof> {
  putLabKernels(path.join(o.root, 'boot'), o.fail ? { fail: o.fail } : {});
  const prediction = await bootCheck(o.root);
  const { disk, run } = await bootPrepared(o);
  const booted = run.boots.map((b) => `${b.label}${b.panicked ? '(panic)' : ''}`).join(' ') || 'nothing';
  console.info(`BOOTLAB RESULT ${o.scenario} | ${o.loader} | predicted ${prediction.nextVersion ?? 'none'} | booted ${booted} | ${prediction.safe ? 'safe' : 'do not reboot'} | qemu ${(run.ms / 1000).toFixed(1)} s, boots at ${run.bootSeconds.join(', ')} s | end ${run.end}`);
  return { prediction, disk, run };
}

/**
 * The kernel boot check said boots next is the kernel that came up first; "safe" only for a disk that
 * booted. A disk that booted nothing at all has no kernel to compare: the verdict must be "do not reboot".
 */
export function expectPredictionHeld(p: Proof): void {
  const first = p.run.boots[0];
  if (!first) {
    expect(p.prediction.safe, `saferpm said safe for a disk that booted nothing; serial log:\n${p.run.tail}`).toBe(false);
    return;
  }
  expect(first.label, `serial log:\n${p.run.tail}`).toBe(p.prediction.nextVersion);
  if (!p.run.boots.some((b) => !b.panicked)) expect(p.prediction.safe, 'saferpm said safe for a disk that did not boot').toBe(false);
}
