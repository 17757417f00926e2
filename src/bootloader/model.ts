/**
 * One model for every boot loader saferpm reads. Each parse-<format>.ts turns
 * its own syntax into these types; everything after parsing (checks, info,
 * the recovery note) sees only this model.
 */

/** The formats saferpm reads. 'grub' is GRUB legacy (0.9x); 'bls' is Boot Loader Specification entries alone (read as GRUB's blscfg reads them); 'systemd-boot' is loader.conf and the entries on the EFI system partition. */
export type BootLoaderType = 'grub' | 'grub2' | 'bls' | 'lilo' | 'extlinux' | 'systemd-boot';

export const BOOT_LOADER_TYPES: readonly BootLoaderType[] = ['grub', 'grub2', 'bls', 'lilo', 'extlinux', 'systemd-boot'];

export const LOADER_NAMES: Record<BootLoaderType, string> = {
  grub: 'GRUB legacy',
  grub2: 'GRUB 2',
  bls: 'Boot Loader Specification entries',
  lilo: 'LILO',
  extlinux: 'extlinux/syslinux',
  'systemd-boot': 'systemd-boot',
};

/** Where a fact came from in a configuration file (1-based line). */
export interface SourceRef {
  file: string;
  line: number;
}

export interface BootEntry {
  /** Position in boot order as the boot loader counts it: "2", or "1>0" inside a GRUB 2 submenu. */
  index: string;
  title: string;
  /** GRUB 2 --id, BLS file name without ".conf", LILO/extlinux label. */
  id?: string;
  /** Titles of the GRUB 2 submenus this entry sits in, outermost first. */
  submenu?: string[];
  /** true when the entry boots a Linux kernel (not a chainloader, DOS, firmware setup...). */
  linux: boolean;
  /** Kernel path as the configuration writes it (device prefix such as "(hd0,0)" removed). */
  kernel?: string;
  /** Kernel path as seen from the root's "/": the boot prefix applied ("/boot/vmlinuz-X"). */
  kernelPath?: string;
  initrds: string[];
  initrdPaths: string[];
  /** Kernel command line, variables expanded as the boot loader would. */
  args: string;
  /** The Linux root file system: the last root= on the command line, or LILO's root=. */
  root?: string;
  /** Kernel version: a BLS "version", else from the kernel file name (vmlinuz-<version>). */
  version?: string;
  /** A dracut rescue entry (vmlinuz-0-rescue-<machine-id>): never an installed kernel. */
  rescue: boolean;
  /**
   * Variables the command line names that expanded to nothing ($kernelopts
   * with no grubenv value and no fallback `set`): what the kernel gets is
   * missing what the entry meant to pass.
   */
  emptyVars?: string[];
  /**
   * GRUB 2: the entry asks for a password when `superusers` is set (a
   * menuentry without --unrestricted; a BLS entry with grub_users and without
   * `grub_arg --unrestricted`). GRUB legacy: the entry has `lock`. LILO:
   * password= without `restricted`.
   */
  restricted?: boolean;
  /** The kernel file a versionless name (/boot/vmlinuz) resolves to, as the boot loader resolves it. */
  kernelTarget?: string;
  source: SourceRef;
}

/** How the entry that boots next was chosen. */
export interface DefaultChoice {
  /** Position in BootConfig.entries of the entry that boots next; undefined when there are no entries. */
  entry?: number;
  /** The value the configuration asked for ("${saved_entry}" already expanded), if any. */
  requested?: string;
  /** Where the requested value came from. */
  from: 'next_entry' | 'saved_entry' | 'config' | 'saved-default-file' | 'efi-variable' | 'none';
  /** How the value was matched ('glob': systemd-boot's default pattern), or 'first-entry' when the boot loader falls back to its first entry. */
  matchedBy: 'index' | 'id' | 'title' | 'label' | 'glob' | 'first-entry';
  /** false when a value was requested but named nothing, so the boot loader boots its first entry. */
  matched: boolean;
  /** One line for people: "saved_entry 'X' names no entry; GRUB boots entry 0". */
  note: string;
  /** The next boot only: a pending next_entry (grub2-reboot) is cleared once used. */
  oneTime: boolean;
  /**
   * 1-based line of the setting that chose the default (default=, the `set
   * default=` that ran, loader.conf's default, grubenv's saved_entry=), when
   * a line did. Undefined means no line chose it: nothing asked for an entry
   * (from 'none': the boot loader's implicit first entry) or an EFI variable
   * did (from 'efi-variable'). Set together with `file` and `setting`.
   */
  line?: number;
  /** The file `line` is in, as a path inside the root: the configuration file, or a file it sources, or grubenv. */
  file?: string;
  /** The setting on `line` as the file spells it: 'default', 'set default', 'default saved', extlinux's 'DEFAULT', 'ONTIMEOUT' or 'MENU DEFAULT', grubenv's 'saved_entry' or 'next_entry'. */
  setting?: string;
}

/** A boot loader's own fallback (GRUB legacy fallback=, GRUB 2 $fallback). */
export interface FallbackChoice {
  entry?: number;
  /** Every entry the fallback list names, in the order the boot loader tries them. */
  chain?: number[];
  requested: string;
  note: string;
}

/**
 * Whether the boot loader boots on its own after a reboot: a menu that waits
 * for a key forever (GRUB 2 timeout=-1 or unset, GRUB legacy with no timeout
 * line, LILO `prompt` without `timeout`) never comes back unattended.
 */
export interface UnattendedBoot {
  waits: boolean;
  /** One line for people, naming the setting: "timeout=-1: GRUB waits for a key". */
  note: string;
  file: string;
  line?: number;
  /** What makes restricted entries ask for a password ("superusers=root", "password= on line 4"), when set. */
  passwordSet?: string;
}

/** UEFI or BIOS, and why saferpm thinks so. */
export interface Firmware {
  kind: 'uefi' | 'bios';
  why: string;
}

/** A finding about the input: a value, never an exception. */
export interface ConfigWarning {
  file: string;
  line?: number;
  message: string;
}

export interface GrubEnvReport {
  file: string;
  /** false when GRUB would not read it (no "# GRUB Environment Block" header): load_env loads nothing. */
  readable: boolean;
  size: number;
  vars: Record<string, string>;
  /** 1-based line of each variable in vars (the last NAME= that set it), for findings that name the line. */
  lines?: Record<string, number>;
  problems: string[];
}

export interface BootPrefix {
  /** Where the file system that entries' paths are relative to is mounted: "/boot" when /boot is its own file system. */
  prefix: '/boot' | '/';
  /** btrfs: the subvolume mounted there ("/boot6"); GRUB names files from the top of the file system, through it. */
  subvol?: string;
  source: 'option' | 'mountinfo' | 'fstab' | 'default';
  detail: string;
}

export interface BootConfig {
  loader: BootLoaderType;
  /** The configuration file, as a path inside the root. */
  file: string;
  /** Folder of BLS entries, when entries came from there. */
  blsDir?: string;
  env?: GrubEnvReport;
  bootPrefix: BootPrefix;
  /** Bootable entries in boot order (GRUB 2 submenus flattened, depth first). */
  entries: BootEntry[];
  default: DefaultChoice;
  fallback?: FallbackChoice;
  /** LILO: the map file /sbin/lilo writes (map=, default /boot/map). */
  liloMap?: string;
  /** GRUB legacy `default saved`: the file holding the saved entry number (/boot/grub/default). */
  savedDefaultFile?: string;
  unattended?: UnattendedBoot;
  /** GRUB 2: the firmware the menu was chosen for (the EFI system partition's grub.cfg, or the BIOS one). */
  firmware?: Firmware;
  /** RHEL 9's EFI stub that loads `file` with `configfile`, when the menu was reached through one. */
  loadedBy?: string;
  warnings: ConfigWarning[];
}

const KERNEL_FILE = /^(?:vmlinuz|vmlinux|kernel|bzImage)-(.+)$/;

/** The version in a kernel file name: /boot/vmlinuz-6.1.10-1.x86_64 -> 6.1.10-1.x86_64. */
export function versionFromKernelPath(p: string | undefined): string | undefined {
  if (!p) return undefined;
  const base = p.slice(p.lastIndexOf('/') + 1);
  return KERNEL_FILE.exec(base)?.[1];
}

/** dracut's rescue image is named vmlinuz-0-rescue-<machine-id> (dracut 51-dracut-rescue.install). */
export function isRescueVersion(v: string | undefined): boolean {
  return v !== undefined && v.startsWith('0-rescue');
}

/** The last root= on a command line wins, as in the kernel's own parsing of parameters. */
export function rootFromArgs(args: string): string | undefined {
  let root: string | undefined;
  for (const word of args.split(/\s+/)) if (word.startsWith('root=')) root = word.slice(5);
  return root;
}

/** Entries whose kernel is exactly this version. */
export function entriesForVersion(config: BootConfig, version: string): BootEntry[] {
  return config.entries.filter((e) => e.linux && e.version === version);
}

export function describeEntry(e: BootEntry): string {
  const id = e.id !== undefined && e.id !== e.title ? ` [${e.id}]` : '';
  return `${e.index} '${e.title}'${id}`;
}

/** What a parser returns: BootConfig without what only the reader knows (file, boot prefix). */
export interface ParsedBoot {
  entries: BootEntry[];
  default: DefaultChoice;
  fallback?: FallbackChoice;
  warnings: ConfigWarning[];
  liloMap?: string;
  unattended?: UnattendedBoot;
}
