/**
 * Reading what GRUB 2 reads at boot, inside the root: grub.cfg, the grubenv
 * beside it (GRUB's $config_directory/grubenv, which `load_env` reads), the
 * BLS entries `blscfg` imports, and custom.cfg/user.cfg that grub.cfg may
 * `source`.
 */
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { EXIT, InputError } from '../errors.js';
import { readRooted, readRootedText, resolveInRoot, statRooted } from '../fs/rooted.js';
import { BLS_DIR, efiGrubConfigs, isFile } from './detect.js';
import type { BootPrefix, GrubEnvReport, ParsedBoot } from './model.js';
import { parseBlsEntry, type BlsEntry } from './parse-bls.js';
import { parseGrub2 } from './parse-grub2.js';
import { parseGrubEnv } from './parse-grubenv.js';

/** Files in grub.cfg's folder that grub-mkconfig's output tests for or sources. */
const NEIGHBOURS = ['grubenv', 'custom.cfg', 'user.cfg'];

export async function readBlsDir(root: string, dir: string): Promise<BlsEntry[]> {
  let names: string[];
  try {
    names = await readdir(await resolveInRoot(root, dir));
  } catch {
    return [];
  }
  const files = names.filter((n) => n.endsWith('.conf') && n.length > 5 && !n.startsWith('.')).sort();
  const texts = await Promise.all(files.map((n) => readRootedText(root, `${dir}/${n}`)));
  return files.map((n, i) => parseBlsEntry(texts[i] ?? '', `${dir}/${n}`));
}

/**
 * GRUB's $grub_platform ('efi' or 'pc'), which 30_uefi-firmware tests: the
 * running system's firmware when the root is '/', else whether GRUB was
 * installed on an EFI system partition.
 */
async function isEfi(root: string, file: string): Promise<boolean> {
  if (file.startsWith('/boot/efi/')) return true;
  if (root === '/') return (await statRooted('/', '/sys/firmware/efi')) !== undefined;
  for (const f of await efiGrubConfigs(root)) if (await isFile(root, f)) return true;
  return false;
}

/** The folder as GRUB names it: from the top of the boot file system (through a btrfs subvolume). */
function bootPathOf(rootPath: string, boot: BootPrefix): string {
  const rel = path.posix.relative(boot.prefix, rootPath);
  return rel.startsWith('..') ? rootPath : path.posix.join(boot.subvol ?? '/', rel);
}

export async function readGrub2(root: string, file: string, bootFs: BootPrefix, envFile?: string): Promise<{ boot: ParsedBoot; env?: GrubEnvReport; blsDir?: string }> {
  const text = await readRootedText(root, file);
  if (text === undefined) throw new InputError(file, `cannot be read under ${root}`, EXIT.NOINPUT);
  const dir = path.posix.dirname(file);
  const configDir = bootPathOf(dir, bootFs);
  const grubenvPath = envFile ?? `${dir}/grubenv`;
  const data = await readRooted(root, grubenvPath);
  const env = data ? parseGrubEnv(data, grubenvPath) : undefined;
  const present = new Set<string>();
  const includes = new Map<string, string>();
  for (const name of NEIGHBOURS) {
    const st = await statRooted(root, `${dir}/${name}`);
    if (!st?.isFile()) continue;
    present.add(`${configDir}/${name}`);
    if (name !== 'grubenv') includes.set(`${configDir}/${name}`, (await readRootedText(root, `${dir}/${name}`)) ?? '');
  }
  if (env) present.add(`${configDir}/grubenv`);
  const usesBls = /\b(blscfg|bls_import)\b/.test(text);
  const bls = usesBls ? await readBlsDir(root, BLS_DIR) : [];
  const efi = await isEfi(root, file);
  const boot = parseGrub2(text, file, {
    ...(env?.readable ? { grubenv: env.vars } : {}),
    bls,
    includes,
    exists: (p) => present.has(p),
    configDir,
    platform: efi ? 'efi' : 'pc',
  });
  const result: { boot: ParsedBoot; env?: GrubEnvReport; blsDir?: string } = { boot };
  if (env) result.env = env;
  if (usesBls) result.blsDir = BLS_DIR;
  return result;
}
