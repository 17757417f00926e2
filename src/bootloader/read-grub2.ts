/**
 * Reading what GRUB 2 reads at boot, inside the root: grub.cfg, the grubenv
 * beside it (GRUB's $config_directory/grubenv, which `load_env` reads), the
 * BLS entries `blscfg` imports, and custom.cfg/user.cfg that grub.cfg may
 * `source`.
 */
import path from 'node:path';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { EXIT, InputError } from '../errors.js';
import { isMissing, readRootedText, resolveInRoot, statRooted } from '../fs/rooted.js';
import { BLS_DIR } from './detect.js';
import { decideFirmware } from './detect-grub2.js';
import { fsMountOf, readBootFile } from './boot-files.js';
import type { BootPrefix, Firmware, GrubEnvReport, ParsedBoot } from './model.js';
import { parseBlsEntry, type BlsEntry } from './parse-bls.js';
import { parseGrub2 } from './parse-grub2.js';
import { parseGrubEnv } from './parse-grubenv.js';

/** Files in grub.cfg's folder that grub-mkconfig's output tests for or sources. */
const NEIGHBOURS = ['grubenv', 'custom.cfg', 'user.cfg'];

/**
 * Every *.conf of the entries folder, parsed. The folder is resolved inside the
 * root once; an entry that is itself a symbolic link is resolved inside the
 * root too. Read synchronously: a thousand small files cost far less so than
 * through a thousand promises (BENCHMARKS: boot info on 1,000 entries).
 */
export async function readBlsDir(root: string, dir: string): Promise<BlsEntry[]> {
  let host: string;
  let names: string[];
  try {
    host = await resolveInRoot(root, dir);
    names = readdirSync(host);
  } catch {
    return [];
  }
  const files = names.filter((n) => n.endsWith('.conf') && n.length > 5 && !n.startsWith('.')).sort();
  const entries: BlsEntry[] = [];
  for (const n of files) {
    const text = await readEntryFile(root, host, `${dir}/${n}`, n);
    if (text !== undefined) entries.push(parseBlsEntry(text, `${dir}/${n}`));
  }
  return entries;
}

async function readEntryFile(root: string, hostDir: string, rootPath: string, name: string): Promise<string | undefined> {
  const hostPath = path.join(hostDir, name);
  try {
    const st = lstatSync(hostPath);
    if (st.isSymbolicLink()) return await readRootedText(root, rootPath);
    return st.isFile() ? readFileSync(hostPath, 'utf8') : undefined;
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/**
 * GRUB's $grub_platform ('efi' or 'pc'), which 30_uefi-firmware tests: the
 * firmware detection decided (detect-grub2.ts), else for a --config file
 * whether it sits on the EFI system partition.
 */
async function isEfi(root: string, file: string, firmware: Firmware | undefined): Promise<boolean> {
  if (firmware) return firmware.kind === 'uefi';
  return file.startsWith('/boot/efi/') || (await decideFirmware(root)).firmware.kind === 'uefi';
}

/** The folder as GRUB names it: from the top of its file system (the ESP, or /boot through a btrfs subvolume). */
function bootPathOf(rootPath: string, boot: BootPrefix): string {
  if (fsMountOf(rootPath, boot) === '/boot/efi') return path.posix.join('/', path.posix.relative('/boot/efi', rootPath));
  const rel = path.posix.relative(boot.prefix, rootPath);
  return rel.startsWith('..') ? rootPath : path.posix.join(boot.subvol ?? '/', rel);
}

/**
 * grubenv as GRUB's load_env reads it: through GRUB's own file system
 * driver (boot-files.ts), so a symbolic link that leaves the file system or
 * a directory in its place loads nothing; the report says why, in one line.
 */
export async function readGrubEnvFile(root: string, p: string, boot: BootPrefix): Promise<GrubEnvReport | undefined> {
  const r = await readBootFile(root, p, boot);
  if (r.data) return parseGrubEnv(r.data, p);
  if (!r.found) return undefined;
  return { file: p, readable: false, size: 0, vars: Object.create(null) as Record<string, string>, problems: [`${r.problem ?? `${p} cannot be read`}: GRUB's load_env loads nothing, so saved_entry and kernelopts are unset at boot`] };
}

/** Which of grub.cfg's neighbours exist (GRUB paths), and the text of those `source` may read. */
async function neighbours(root: string, dir: string, configDir: string): Promise<{ present: Set<string>; includes: Map<string, string> }> {
  const present = new Set<string>();
  const includes = new Map<string, string>();
  for (const name of NEIGHBOURS) {
    const st = await statRooted(root, `${dir}/${name}`);
    if (!st?.isFile()) continue;
    present.add(`${configDir}/${name}`);
    if (name !== 'grubenv') includes.set(`${configDir}/${name}`, (await readRootedText(root, `${dir}/${name}`)) ?? '');
  }
  return { present, includes };
}

export async function readGrub2(root: string, file: string, bootFs: BootPrefix, envFile?: string, firmware?: Firmware): Promise<{ boot: ParsedBoot; env?: GrubEnvReport; blsDir?: string }> {
  const text = await readRootedText(root, file);
  if (text === undefined) throw new InputError(file, `cannot be read under ${root}`, EXIT.NOINPUT);
  const dir = path.posix.dirname(file);
  const configDir = bootPathOf(dir, bootFs);
  const grubenvPath = envFile ?? `${dir}/grubenv`;
  const env = await readGrubEnvFile(root, grubenvPath, bootFs);
  const { present, includes } = await neighbours(root, dir, configDir);
  if (env?.readable) present.add(`${configDir}/grubenv`);
  else present.delete(`${configDir}/grubenv`);
  const usesBls = /\b(blscfg|bls_import)\b/.test(text);
  const bls = usesBls ? await readBlsDir(root, BLS_DIR) : [];
  const efi = await isEfi(root, file, firmware);
  const boot = parseGrub2(text, file, {
    ...(env?.readable ? { grubenv: env.vars } : {}),
    bls,
    includes,
    exists: (p) => present.has(p),
    configDir,
    platform: efi ? 'efi' : 'pc',
  });
  const d = boot.default;
  // A default set in a file grub.cfg sources is named by GRUB's path (/grub2/custom.cfg): say the path inside the root.
  if (d.file !== undefined && d.file !== file && d.file.startsWith(`${configDir}/`)) boot.default = { ...d, file: `${dir}${d.file.slice(configDir.length)}` };
  const result: { boot: ParsedBoot; env?: GrubEnvReport; blsDir?: string } = { boot };
  if (env) result.env = env;
  if (usesBls) result.blsDir = BLS_DIR;
  return result;
}
