/**
 * For the trial-boot proofs (issue 14, test/boot/trial-*.test.ts): a GRUB 2
 * root that 'saferpm reboot --trial' accepts, its reboot command and the
 * programs 'saferpm trial check' runs as recorders, and the boot's /proc
 * written from what the lab saw on the serial console.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'vitest';
import { writeRecorder } from '../../helpers/recorder.js';
import { advancedId, menuentry, rhelTitle, type MenuEntry } from './grub2-mkconfig.js';
import { grub2Root } from './grub2-root.js';
import { NEW, OLD, ROOT_DEV } from './kernels.js';
import { write } from './system.js';
import { scenarioDir } from './temp.js';

/** grub2-mkconfig's 41_custom (GRUB 2.06 util/grub.d/41_custom.in): custom.cfg is sourced after the menu. */
export const CUSTOM_41 = `### BEGIN /etc/grub.d/41_custom ###
if [ -f  \${config_directory}/custom.cfg ]; then
  source \${config_directory}/custom.cfg
elif [ -z "\${config_directory}" -a -f  $prefix/custom.cfg ]; then
  source $prefix/custom.cfg
fi
### END /etc/grub.d/41_custom ###
`;

const flat = (v: string): MenuEntry => ({ title: rhelTitle(v), id: advancedId(v), version: v, prefix: '' });

/**
 * RHEL's menu (newest first) with 41_custom, /boot its own ext4 partition on
 * the lab's one IDE disk (/dev/sda1: a plain partition GRUB writes), and the
 * default already moved to the new kernel, as kernel-install with
 * UPDATEDEFAULT=yes leaves it.
 */
export async function trialGrubRoot(root: string): Promise<void> {
  await grub2Root(root, { layout: 'boot-partition', menu: menuentry(flat(NEW)) + menuentry(flat(OLD)), env: { saved_entry: advancedId(NEW) } });
  const cfg = path.join(root, 'boot/grub2/grub.cfg');
  writeFileSync(cfg, readFileSync(cfg, 'utf8') + CUSTOM_41);
  write(root, 'etc/fstab', `${ROOT_DEV} / xfs defaults 0 0\n/dev/sda1 /boot ext4 defaults 1 2\n`);
}

export interface TrialFakes {
  bin: string;
  calls: string;
  env: Record<string, string>;
}

/** The plan's reboot command (a recorder) and systemctl/logger recorders first on PATH. */
export function trialFakes(t: TestContext, root: string): TrialFakes {
  const bin = scenarioDir(t, 'bootlab-trial-bin-');
  const calls = path.join(bin, 'calls');
  const reboot = writeRecorder({ dir: bin, label: 'reboot', calls, expectArgs: ['reboot'] });
  writeRecorder({ dir: bin, label: 'is-system-running', calls, expectArgs: ['is-system-running'] });
  const script = (name: string, lines: string[]): void => {
    writeFileSync(path.join(bin, name), ['#!/bin/sh', ...lines, ''].join('\n'));
    chmodSync(path.join(bin, name), 0o755);
  };
  // systemctl: only 'is-system-running' is expected (recorded), answered "running"
  script('systemctl', [`"${bin}/recorder-is-system-running" "$@" >/dev/null || exit 97`, 'echo running']);
  script('logger', [`printf 'logger %s\\n' "$*" >> '${calls}'`]);
  mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
  writeFileSync(path.join(root, 'etc/saferpm/plan.toml'), `[policy]\nreboot_command = ${JSON.stringify([reboot, 'reboot'])}\n`);
  chmodSync(path.join(root, 'etc/saferpm/plan.toml'), 0o644);
  return { bin, calls, env: { PATH: `${bin}:${process.env.PATH}` } };
}

/** The booted system's /proc under the root: its real command line (from the serial console) and an uptime. */
export function bootProc(root: string, cmdline: string, uptime: number): void {
  write(root, 'proc/cmdline', `${cmdline}\n`);
  write(root, 'proc/uptime', `${uptime.toFixed(2)} 1.00\n`);
  mkdirSync(path.join(root, 'proc/net'), { recursive: true });
}

export function grubenvOf(root: string): Record<string, string> {
  const text = execFileSync('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'list'], { encoding: 'utf8' });
  return Object.fromEntries(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

export function currentTrialId(root: string): string {
  const file = path.join(root, 'var/lib/saferpm/trial/current.json');
  if (!existsSync(file)) throw new Error(`no trial armed under ${root}`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { id: string }).id;
}
