/**
 * readBootConfig: find the boot loader of a root, read its files (all inside
 * the root) and parse them into one BootConfig. With detect*.ts, read-grub2.ts,
 * boot-files.ts, kernels.ts, verify-kernel.ts and checks/context.ts, the only
 * part of the boot loader code that touches the file system.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { EXIT, InputError, UsageError } from '../errors.js';
import { readRootedText, statRooted } from '../fs/rooted.js';
import { applyBootPrefix, prefixFromFstab, prefixFromMountinfo } from './boot-prefix.js';
import { BLS_DIR, detectBootLoader, guessType, type Detected } from './detect.js';
import { LOADER_NAMES, type BootConfig, type BootLoaderType, type BootPrefix, type ConfigWarning, type GrubEnvReport, type ParsedBoot } from './model.js';
import { parseGrubLegacy } from './parse-grub-legacy.js';
import { parseLilo } from './parse-lilo.js';
import { parseExtlinux } from './parse-extlinux.js';
import { parseBlsOnly } from './bls-entries.js';
import { readBlsDir, readGrub2, readGrubEnvFile } from './read-grub2.js';
import { BootFileError } from './boot-file-error.js';
import { readSdboot } from './read-sdboot.js';

export interface ReadBootConfigOptions {
  root: string;
  /** The configuration file (or, for --type bls, the entries folder), as a path inside the root. */
  config?: string;
  type?: BootLoaderType;
  /** The grubenv to use instead of the one beside grub.cfg, as a path inside the root. */
  env?: string;
  /** Skip the mounts: entries' paths are relative to /boot ('/boot') or to / ('/'). */
  bootPrefix?: '/boot' | '/';
}

export async function readBootConfig(o: ReadBootConfigOptions): Promise<BootConfig> {
  const root = o.root;
  const bootPrefix = await decideBootPrefix(root, o.bootPrefix);
  const found = await locate(o, bootPrefix);
  if (found.missing) throw new BootFileError(found.file, found.missing.message, found.missing.reason, found.missing.hint);
  const parsed = await parseFound(root, found, bootPrefix, o.env);
  applyBootPrefix(parsed.boot.entries, found.type, bootPrefix, found.file);
  const warnings: ConfigWarning[] = [...notesOf(found), ...parsed.boot.warnings];
  const config: BootConfig = { loader: found.type, file: found.file, bootPrefix, entries: parsed.boot.entries, default: parsed.boot.default, warnings };
  if (found.firmware) config.firmware = found.firmware;
  if (found.loadedBy) config.loadedBy = found.loadedBy;
  if (parsed.boot.unattended) config.unattended = parsed.boot.unattended;
  if (parsed.blsDir) config.blsDir = parsed.blsDir;
  if (parsed.env) config.env = parsed.env;
  if (parsed.boot.fallback) config.fallback = parsed.boot.fallback;
  if (parsed.boot.liloMap) config.liloMap = parsed.boot.liloMap;
  if (found.type === 'grub' && config.default.from === 'saved-default-file') config.savedDefaultFile = path.posix.join(path.posix.dirname(found.file), 'default');
  return config;
}

async function decideBootPrefix(root: string, given: '/boot' | '/' | undefined): Promise<BootPrefix> {
  if (given) return { prefix: given, source: 'option', detail: `--boot-prefix ${given}` };
  if (root === '/') {
    const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => undefined);
    if (mountinfo !== undefined) return prefixFromMountinfo(mountinfo);
  }
  return prefixFromFstab(await readRootedText(root, '/etc/fstab'), '/etc/fstab');
}

async function locate(o: ReadBootConfigOptions, boot: BootPrefix): Promise<Detected> {
  if (o.config !== undefined) {
    const st = await statRooted(o.root, o.config);
    if (!st) throw new InputError(o.config, `not found under ${o.root}`, EXIT.NOINPUT, 'give the path inside the root, e.g. --config /boot/grub2/grub.cfg');
    const type = o.type ?? guessType(o.config, st.isDirectory() ? undefined : await readRootedText(o.root, o.config));
    if (st.isDirectory() && type !== 'bls') throw new InputError(o.config, `is a directory, not a ${LOADER_NAMES[type]} configuration file`, EXIT.NOINPUT);
    return { type, file: o.config, others: [] };
  }
  const d = await detectBootLoader(o.root, boot);
  if (!d) {
    throw new InputError(o.root, 'no boot loader configuration found (grub.cfg, grub.conf, menu.lst, extlinux.conf, lilo.conf, loader/loader.conf, loader/entries)', EXIT.NOINPUT, 'give --config FILE --type grub|grub2|bls|lilo|extlinux|systemd-boot');
  }
  if (o.type && o.type !== d.type) {
    throw new UsageError(`--type ${o.type} given but the configuration found under ${o.root} is ${d.file} (${LOADER_NAMES[d.type]})`, `give the file too: --config FILE --type ${o.type}`);
  }
  return d;
}

function notesOf(d: Detected): ConfigWarning[] {
  const why = d.firmware ? ` (${d.firmware.kind === 'uefi' ? 'UEFI' : 'BIOS'}: ${d.firmware.why})` : '';
  return d.others.map((f) => ({ file: f, message: `also found ${f}; saferpm checked ${d.file}, the one the boot loader reads${why} (give --config ${f} to check that one)` }));
}

interface Parsed {
  boot: ParsedBoot;
  env?: GrubEnvReport;
  blsDir?: string;
}

async function parseFound(root: string, found: Detected, boot: BootPrefix, envFile?: string): Promise<Parsed> {
  const { type, file } = found;
  if (type === 'grub2') return readGrub2(root, file, boot, envFile, found.firmware);
  if (type === 'bls') return readBlsOnly(root, file, boot, envFile);
  if (type === 'systemd-boot') return readSdboot(root, file);
  const text = await readRootedText(root, file);
  if (text === undefined) throw new InputError(file, `cannot be read under ${root}`, EXIT.NOINPUT);
  if (type === 'lilo') return { boot: parseLilo(text, file) };
  if (type === 'extlinux') return { boot: parseExtlinux(text, file) };
  const saved = await readRootedText(root, path.posix.join(path.posix.dirname(file), 'default'));
  return { boot: parseGrubLegacy(text, file, saved !== undefined ? { savedDefault: saved } : {}) };
}

/** BLS entries alone: GRUB's order, and grubenv's saved_entry when /boot/grub2/grubenv exists. */
async function readBlsOnly(root: string, dir: string, boot: BootPrefix, envFile?: string): Promise<Parsed> {
  const entriesDir = dir.endsWith('.conf') ? BLS_DIR : dir;
  const grubenvPath = envFile ?? '/boot/grub2/grubenv';
  const env = await readGrubEnvFile(root, grubenvPath, boot);
  const vars = new Map(Object.entries(env?.readable ? env.vars : {}));
  const at = env?.readable && env.lines ? { file: env.file, lines: env.lines } : undefined;
  const parsed: Parsed = { boot: parseBlsOnly(await readBlsDir(root, entriesDir), vars, at), blsDir: entriesDir };
  if (env) parsed.env = env;
  return parsed;
}
