/**
 * A RHEL-like machine for the boot verdict tests: the v1 kernel and userland
 * and then the v2 kernel installed beside it with the real rpm -ivh (the fake
 * kernel-core writes its initramfs and BLS entry in %posttrans, as
 * kernel-install does), /boot its own file system (fstab), the GRUB 2
 * grub.cfg grub2-mkconfig writes on RHEL 9 with BLS, and a grubenv made by the
 * real grub-editenv with saved_entry on v2. Tests then break one thing and
 * ask `saferpm boot check`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { buildRelease } from './build-rpms.js';
import { kuname } from './fixture-matrix.js';
import { FIXTURES } from './paths.js';
import { rpm, saferpm, tempRoot, type CliResult } from './roots.js';

export const MID = '0123456789abcdef0123456789abcdef';
export const BOOT_UUID = '5a5a5a5a-0000-4000-8000-000000000001';
export const FSTAB = `/dev/mapper/rl-root / xfs defaults 0 0\nUUID=${BOOT_UUID} /boot xfs defaults 0 0\n`;

export interface BootRoot {
  root: string;
  k1: string;
  k2: string;
  /** Host path of a file inside the root. */
  at(p: string): string;
  /** The v2 kernel's BLS entry, as a path inside the root. */
  entry2: string;
  grubenv(...args: string[]): Promise<void>;
}

export async function rhelRoot(opts: { fstab?: string } = {}): Promise<BootRoot> {
  const [v1, v2] = [await buildRelease('v1'), await buildRelease('v2')];
  const root = tempRoot();
  const at = (p: string): string => path.join(root, p);
  writeFileSync(at('etc/fstab'), opts.fstab ?? FSTAB);
  mkdirSync(at('boot/grub2'), { recursive: true });
  writeFileSync(at('boot/grub2/grub.cfg'), readFileSync(path.join(FIXTURES, 'boot/roots/grub2-bls-healthy/boot/grub2/grub.cfg')));
  const grubenv = async (...args: string[]): Promise<void> => {
    await execa('grub-editenv', [at('boot/grub2/grubenv'), ...args]);
  };
  await grubenv('create');
  await grubenv('set', 'kernelopts=root=/dev/mapper/rl-root ro');
  for (const files of [v1.all, v2.kernel]) {
    const r = await rpm(root, ['-ivh', ...files]);
    if (r.exitCode !== 0) throw new Error(`rpm -ivh into ${root} failed: ${String(r.stderr)}`);
  }
  const [k1, k2] = [kuname('v1'), kuname('v2')];
  await grubenv('set', `saved_entry=${MID}-${k2}`);
  return { root, k1, k2, at, entry2: `/boot/loader/entries/${MID}-${k2}.conf`, grubenv };
}

export interface Verdict {
  exitCode: number;
  text: string;
  /** The last line: "safe to reboot" or "do not reboot: ...". */
  line: string;
  json: {
    safe: boolean;
    reasons: string[];
    configFile?: string;
    loadedBy?: string;
    firmware?: { kind: string; why: string };
    nextBoot?: { index: string; version?: string; kernelPath?: string; kernelTarget?: string };
    defaultEntry?: { index: string };
    newEntry?: { index: string; version?: string; kernelTarget?: string };
    checks: { id: string; status: string; finding: string; reason?: string }[];
  };
  check(id: string): { id: string; status: string; finding: string; reason?: string };
}

/** `saferpm boot check` on the root, text and --json, agreeing with each other. */
export async function bootCheck(root: string, running: string, ...extra: string[]): Promise<Verdict> {
  const args = ['boot', 'check', '--root', root, '--running-kernel', running, ...extra];
  const [t, j]: [CliResult, CliResult] = await Promise.all([saferpm(args), saferpm([...args, '--json'])]);
  expect(j.exitCode, j.stderr).toBe(t.exitCode);
  const json = JSON.parse(j.stdout) as Verdict['json'];
  expect(json.safe).toBe(t.exitCode === 0);
  return {
    exitCode: t.exitCode,
    text: t.stdout,
    line: t.stdout.split('\n').pop() ?? '',
    json,
    check: (id) => {
      const c = json.checks.find((x) => x.id === id);
      if (!c) throw new Error(`no check ${id}`);
      return c;
    },
  };
}

/** A failed required check: its reason names `file` and its finding says `rule`. */
export function expectFailure(v: Verdict, id: string, file: string, rule: RegExp): void {
  expect(v.exitCode, v.text).toBe(80);
  const c = v.check(id);
  expect(c.status, c.finding).toBe('fail');
  expect(c.reason).toContain(file);
  expect(v.json.reasons).toContain(c.reason);
  expect(c.finding).toMatch(rule);
  expect(v.line.startsWith('do not reboot: ')).toBe(true);
}
