/** Building BootEntry values the same way in every parser. */
import { isRescueVersion, rootFromArgs, versionFromKernelPath, type BootEntry, type DefaultChoice, type SourceRef } from './model.js';

/**
 * What a parser knows of an entry: BootEntry's own fields, with the derived
 * ones (rescue, initrdPaths, kernelPath) left to makeEntry. `root` is an
 * explicit root (LILO root=), else taken from root= in args; `version` an
 * explicit version (BLS "version"), else taken from the kernel file name.
 */
export type EntryFields = Pick<BootEntry, 'index' | 'title' | 'id' | 'submenu' | 'linux' | 'kernel' | 'root' | 'version' | 'restricted' | 'emptyVars'>
  & Partial<Pick<BootEntry, 'initrds' | 'args'>>
  & SourceRef;

/** memtest86+ is loaded like a kernel by every boot loader here, but it is not Linux. */
const NOT_LINUX_IMAGE = /(^|\/)(elf-)?memtest[^/]*$/;

export function makeEntry(f: EntryFields): BootEntry {
  const args = f.args ?? '';
  const linux = f.linux && !(f.kernel !== undefined && NOT_LINUX_IMAGE.test(f.kernel));
  const version = f.version ?? versionFromKernelPath(f.kernel);
  const e: BootEntry = {
    index: f.index,
    title: f.title,
    linux,
    initrds: f.initrds ?? [],
    initrdPaths: [],
    args,
    rescue: isRescueVersion(version) || isRescueVersion(versionFromKernelPath(f.kernel)),
    source: { file: f.file, line: f.line },
  };
  if (f.id !== undefined) e.id = f.id;
  if (f.submenu?.length) e.submenu = f.submenu;
  if (f.kernel !== undefined) e.kernel = f.kernel;
  const root = f.root ?? rootFromArgs(args);
  if (root !== undefined) e.root = root;
  if (version !== undefined) e.version = version;
  if (f.emptyVars?.length) e.emptyVars = f.emptyVars;
  if (f.restricted !== undefined) e.restricted = f.restricted;
  return e;
}

/** The rule shared by GRUB legacy, GRUB 2, LILO and extlinux: nothing (valid) requested means the first entry. */
export function firstEntryChoice(count: number, requested: string | undefined, from: DefaultChoice['from'], why: string): DefaultChoice {
  const c: DefaultChoice = {
    from,
    matchedBy: 'first-entry',
    matched: requested === undefined,
    note: count === 0 ? 'there are no boot entries' : why,
    oneTime: false,
  };
  if (count > 0) c.entry = 0;
  if (requested !== undefined) c.requested = requested;
  return c;
}

/** The choice with the line that made it (DefaultChoice.line, file, setting); unchanged when no line did. */
export function setBy(choice: DefaultChoice, at: { file: string; line: number; setting: string } | undefined): DefaultChoice {
  return at ? { ...choice, line: at.line, file: at.file, setting: at.setting } : choice;
}
