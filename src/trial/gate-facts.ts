/**
 * Gathering the gate's facts once, all inside the root: the boot
 * configuration, grubenv and the file system that holds it (/proc/mounts on
 * the live system, the root's /etc/fstab otherwise), the machine-id, the new
 * initramfs, free space on /boot, the trial unit, /etc/sysconfig/kernel.
 */
import { readFile, statfs } from 'node:fs/promises';
import type { BootVerdict } from '../bootloader/index.js';
import type { BootConfig } from '../bootloader/model.js';
import { readBootConfig } from '../bootloader/read.js';
import { readRootedText, resolveInRoot, statRooted } from '../fs/rooted.js';
import type { StatePaths } from '../state/dirs.js';
import { realEntryFor } from './entries.js';
import type { GateFacts } from './gate.js';
import { grubCanWrite, mountOf, parseMountLines } from './grubenv-fs.js';
import { readCurrentTrial, readExcluded } from './store.js';
import { SYSCONFIG_KERNEL, updateDefaultLine } from './sysconfig-kernel.js';

export const TRIAL_UNIT = 'saferpm-trial.service';
const UNIT_DIRS = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

async function tryConfig(root: string): Promise<BootConfig | undefined> {
  return readBootConfig({ root }).catch(() => undefined);
}

async function envFs(root: string, envFile: string): Promise<GateFacts['envFs']> {
  if (root === '/') {
    const mounts = await readFile('/proc/mounts', 'utf8').catch(() => undefined);
    if (mounts !== undefined) return grubCanWrite(mountOf(parseMountLines(mounts), envFile), '/proc/mounts');
  }
  const fstab = (await readRootedText(root, '/etc/fstab')) ?? '';
  return grubCanWrite(mountOf(parseMountLines(fstab), envFile), `${root === '/' ? '' : root}/etc/fstab`);
}

async function unitFacts(root: string): Promise<GateFacts['unit']> {
  let installed = false;
  let enabled = false;
  for (const d of UNIT_DIRS) {
    if ((await statRooted(root, `${d}/${TRIAL_UNIT}`))?.isFile()) installed = true;
    if (await statRooted(root, `${d}/multi-user.target.wants/${TRIAL_UNIT}`)) enabled = true;
  }
  return { installed, enabled };
}

export async function gatherGate(root: string, paths: StatePaths, verdict: BootVerdict): Promise<GateFacts> {
  const config = await tryConfig(root);
  const f: GateFacts = { verdict, excluded: await readExcluded(paths), unit: await unitFacts(root) };
  const current = await readCurrentTrial(paths).catch(() => undefined);
  if (current) f.current = current;
  if (!config) return f;
  f.config = config;
  if (config.env) {
    f.env = config.env;
    const resolved = (await resolveInRoot(root, config.env.file)).slice(root === '/' ? 0 : root.length) || '/';
    f.envFs = await envFs(root, resolved);
  }
  const mid = (await readRootedText(root, '/etc/machine-id'))?.trim();
  if (mid) f.machineId = mid;
  const fresh = verdict.kernel ? realEntryFor(config, verdict.kernel) : undefined;
  const good = verdict.runningKernel ? realEntryFor(config, verdict.runningKernel) : undefined;
  if (fresh) f.newEntry = fresh;
  if (good) f.goodEntry = good;
  const initrd = fresh?.initrdPaths[0];
  const st = initrd ? await statRooted(root, initrd) : undefined;
  if (st?.isFile()) f.initrdSize = st.size;
  const space = await statfs(await resolveInRoot(root, '/boot')).catch(() => undefined);
  if (space) f.bootFree = space.bavail * space.bsize;
  const sysconfig = await readRootedText(root, SYSCONFIG_KERNEL);
  const line = sysconfig === undefined ? undefined : updateDefaultLine(sysconfig);
  if (line) f.updateDefault = line;
  return f;
}
