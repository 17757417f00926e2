/**
 * Reading systemd-boot's files under a root: the EFI system partition is
 * mounted at /boot/efi, /efi or /boot (bootctl's search order), and holds
 * loader/loader.conf and loader/entries/*.conf; entry paths are relative to
 * that partition. The Boot Loader Interface's EFI variables are read when
 * the root shows them (/sys/firmware/efi/efivars on a live system): they
 * override loader.conf's default (bootctl set-default, set-oneshot).
 */
import path from 'node:path';
import { readRooted, readRootedText, statRooted } from '../fs/rooted.js';
import type { ParsedBoot } from './model.js';
import { parseLoaderConf } from './parse-loader-conf.js';
import { readBlsDir } from './read-grub2.js';
import { parseSdboot, type SdbootVars } from './sdboot-entries.js';

export const ESP_MOUNTS = ['/boot/efi', '/efi', '/boot'];
const LOADER_GUID = '4a67b082-0a4c-41cf-b6c7-440b29bb8c4f';
const EFIVARS = '/sys/firmware/efi/efivars';
const VAR_NAMES = ['LoaderConfigTimeout', 'LoaderEntryOneShot', 'LoaderEntryDefault', 'LoaderEntryLastBooted'] as const;

/** The ESP mount point a systemd-boot configuration file sits on: /boot/efi/loader/loader.conf -> /boot/efi. */
export function espOfConfig(file: string): string {
  const at = file.indexOf('/loader/');
  return at > 0 ? file.slice(0, at) : '/';
}

/** systemd-boot's configuration under a root: the first ESP with loader/loader.conf, else (not /boot, where GRUB's blscfg reads entries too) with loader/entries. */
export async function findSdbootConfig(root: string): Promise<string | undefined> {
  for (const esp of ESP_MOUNTS) {
    if ((await statRooted(root, `${esp}/loader/loader.conf`))?.isFile()) return `${esp}/loader/loader.conf`;
  }
  for (const esp of ESP_MOUNTS.filter((m) => m !== '/boot')) {
    if ((await statRooted(root, `${esp}/loader/entries`))?.isDirectory()) return `${esp}/loader/entries`;
  }
  return undefined;
}

/** An efivarfs file: 4 bytes of attributes, then the value in UTF-16LE, NUL-terminated. */
export function decodeEfiString(data: Buffer): string | undefined {
  if (data.length < 6) return undefined;
  const text = data.subarray(4).toString('utf16le');
  const nul = text.indexOf('\0');
  return nul >= 0 ? text.slice(0, nul) : text;
}

async function efiVars(root: string): Promise<SdbootVars> {
  const vars: SdbootVars = {};
  for (const name of VAR_NAMES) {
    const data = await readRooted(root, `${EFIVARS}/${name}-${LOADER_GUID}`).catch(() => undefined);
    const v = data ? decodeEfiString(data) : undefined;
    if (v) vars[name] = v;
  }
  return vars;
}

export async function readSdboot(root: string, file: string): Promise<{ boot: ParsedBoot; blsDir: string }> {
  const esp = espOfConfig(file);
  const blsDir = path.posix.join(esp, 'loader/entries');
  const confFile = path.posix.join(esp, 'loader/loader.conf');
  const confText = await readRootedText(root, confFile);
  const files = await readBlsDir(root, blsDir);
  const present = new Map<string, boolean>();
  for (const f of files) {
    for (const p of f.pairs.filter((x) => x.key === 'linux' || x.key === 'efi')) {
      present.set(p.value, Boolean((await statRooted(root, path.posix.join(esp, p.value)).catch(() => undefined))?.isFile()));
    }
  }
  const boot = parseSdboot({
    files,
    ...(confText !== undefined ? { conf: parseLoaderConf(confText, confFile) } : {}),
    vars: await efiVars(root),
    linuxExists: (p) => present.get(p) ?? false,
  });
  return { boot, blsDir };
}
