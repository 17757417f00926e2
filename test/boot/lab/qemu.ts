/**
 * Booting a lab disk in qemu-system-x86_64 (TCG: no KVM on these machines)
 * with the serial port written to a file, and reading from it which kernel
 * came up. A hard timeout per boot kills qemu: a boot loader that stops at
 * its prompt never powers the machine off.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { LabDisk, LoaderKind } from './disk.js';
import { OVMF_CODE, OVMF_VARS } from './paths.js';
import { withBootSlot } from './slots.js';
import { parseSerial, tail, type BootSeen } from './serial.js';

export interface BootOptions {
  loader?: LoaderKind;
  /** Stop once this many kernels came up (default 1). More than 1 lets a panicking kernel reboot into the loader. */
  boots?: number;
  /** Give up (kill qemu) when no kernel came up for this long (default 180 s). */
  timeoutMs?: number;
  /** Stop early when the serial log matches: the boot loader said it will boot nothing (its prompt shown twice...). */
  stopOn?: RegExp;
}

export interface BootRun {
  boots: BootSeen[];
  /** How qemu ended: it exited by itself (poweroff), we stopped it after the boots asked for, stopOn matched, or the timeout. */
  end: 'exited' | 'boots-reached' | 'stopped' | 'timeout';
  /** Wall time of qemu, in milliseconds. */
  ms: number;
  /** Seconds each kernel took to come up, from the previous one (or from the start). */
  bootSeconds: number[];
  serialLog: string;
  /** The last lines of the serial log, for messages. */
  tail: string;
}

const POLL_MS = 250;
/** After the last boot asked for: time for /init to power off before we stop qemu ourselves. */
const SETTLE_MS = 4000;

function machineArgs(disk: LabDisk): string[] {
  if (disk.loader !== 'sdboot-uefi') return ['-drive', `file=${disk.image},format=raw,if=ide`];
  // A private copy of the UEFI variable store per disk: OVMF boots EFI/BOOT/BOOTX64.EFI with empty NVRAM.
  const vars = path.join(path.dirname(disk.image), 'OVMF_VARS.fd');
  if (!existsSync(vars)) copyFileSync(OVMF_VARS, vars);
  return [
    '-machine', 'q35',
    '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
    '-drive', `if=pflash,format=raw,unit=1,file=${vars}`,
    '-drive', `file=${disk.image},format=raw,if=virtio`,
  ];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Boots the disk once qemu slot is free (slots.ts); see BootOptions. */
export async function bootDisk(disk: LabDisk, o: BootOptions = {}): Promise<BootRun> {
  return withBootSlot(() => runQemu(disk, o));
}

async function runQemu(disk: LabDisk, o: BootOptions): Promise<BootRun> {
  if (o.loader && o.loader !== disk.loader) throw new Error(`bootDisk: ${disk.image} was built for ${disk.loader}, not ${o.loader}`);
  const want = o.boots ?? 1;
  const timeoutMs = o.timeoutMs ?? 180_000;
  const log = path.join(path.dirname(disk.image), `serial-${Date.now()}.log`);
  writeFileSync(log, '');
  const args = ['-accel', 'tcg', '-m', '512', '-display', 'none', '-monitor', 'none', '-nic', 'none', '-serial', `file:${log}`, ...machineArgs(disk)];
  // One boot: a reboot (a panic) ends qemu at once instead of booting again.
  if (want === 1) args.push('-no-reboot');
  const t0 = Date.now();
  const child = execa('qemu-system-x86_64', args, { reject: false, stdin: 'ignore' });
  let exited = false;
  void child.then(() => { exited = true; });
  let seen = 0;
  let last = t0;
  const bootSeconds: number[] = [];
  let end: BootRun['end'] = 'timeout';
  for (;;) {
    await sleep(POLL_MS);
    const text = readFileSync(log, 'utf8');
    const n = parseSerial(text).length;
    const now = Date.now();
    for (; seen < n; seen++) {
      bootSeconds.push(Math.round((now - last) / 100) / 10);
      last = now;
    }
    if (exited) { end = 'exited'; break; }
    if (seen >= want && now - last >= SETTLE_MS) { end = 'boots-reached'; break; }
    if (o.stopOn?.test(text.replace(/\r/g, ''))) { end = 'stopped'; break; }
    if (now - last >= timeoutMs) { end = 'timeout'; break; }
  }
  if (!exited) child.kill('SIGKILL');
  const q = await child;
  const serialLog = readFileSync(log, 'utf8');
  // qemu that could not start (a missing firmware file, a bad option) says why on stderr, not on the serial port.
  const why = end === 'exited' && q.exitCode !== 0 ? `\nqemu-system-x86_64 exited ${q.exitCode}: ${String(q.stderr).trim()}` : '';
  return { boots: parseSerial(serialLog), end, ms: Date.now() - t0, bootSeconds, serialLog, tail: tail(serialLog) + why };
}
