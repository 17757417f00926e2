/**
 * The new entry's root=: the kernel mounts it as "/" (or the initramfs does,
 * dracut's rd.* modules). Two ways it goes wrong without any file missing:
 *
 * - `options $kernelopts` (BLS on RHEL 8) or `linux ... $kernelopts`: GRUB
 *   replaces a variable it does not have by nothing. When grubenv lacks
 *   kernelopts and grub.cfg sets no fallback (`if [ -z "${kernelopts}" ];
 *   then set kernelopts=...`), the kernel gets no root= and stops in the
 *   initramfs ("Could not boot", dracut's emergency shell).
 * - root= names a file system the machine does not have: not the one
 *   /etc/fstab mounts on "/", not the running kernel's, and (on the running
 *   system) no /dev/disk/by-uuid link. A known-good value (the running
 *   kernel's entry, /proc/cmdline) is accepted as it is.
 */
import { describeEntry, type BootEntry } from '../model.js';
import { where } from './files.js';
import { fail, pass, skip, type Check, type CheckContext, type CheckOutcome } from './types.js';

/** "UUID=ab-CD" and "/dev/disk/by-uuid/ab-cd" name one file system; so do LABEL=, PARTUUID=, PARTLABEL=. */
export function normalizeRootSpec(spec: string): string {
  const s = spec.replace(/^"|"$/g, '');
  const tag = /^(UUID|LABEL|PARTUUID|PARTLABEL)=(.*)$/i.exec(s);
  if (tag) return `${(tag[1] as string).toUpperCase()}=${/UUID/i.test(tag[1] as string) ? (tag[2] as string).toLowerCase() : tag[2]}`;
  const dev = /^\/dev\/disk\/by-(uuid|label|partuuid|partlabel)\/(.*)$/.exec(s);
  if (dev) return normalizeRootSpec(`${(dev[1] as string).toUpperCase()}=${dev[2]}`);
  return s;
}

function emptyVarFailure(ctx: CheckContext, e: BootEntry): CheckOutcome {
  const vars = (e.emptyVars ?? []).map((v) => `$${v}`).join(', ');
  const env = ctx.config?.env?.file ?? 'grubenv';
  const file = ctx.config?.file ?? 'the configuration';
  return fail(
    `${where(e)}: its command line uses ${vars}, which expands to nothing (${env} does not set it and ${file} sets no fallback): GRUB passes no root=, so the kernel cannot mount its root file system`,
    `new entry gets no root=: ${vars} is empty (${env}, ${file})`,
  );
}

function knownGood(ctx: CheckContext, root: string): string | undefined {
  const n = normalizeRootSpec(root);
  const running = ctx.runningEntry?.root;
  if (running !== undefined && normalizeRootSpec(running) === n) return `the running kernel's entry ${describeEntry(ctx.runningEntry as BootEntry)} uses it too`;
  if (ctx.rootFs.cmdline !== undefined && normalizeRootSpec(ctx.rootFs.cmdline) === n) return 'the running kernel was booted with it (/proc/cmdline)';
  const f = ctx.rootFs.fstab;
  if (f && normalizeRootSpec(f.spec) === n) return `/etc/fstab:${f.line} mounts it on /`;
  const uuid = /^UUID=(.*)$/.exec(n)?.[1];
  if (uuid !== undefined && ctx.rootFs.uuids?.has(uuid)) return `/dev/disk/by-uuid/${uuid} exists`;
  return undefined;
}

export const newRootDevice: Check = {
  id: 'new-root',
  title: "The new entry's root= names this machine's root file system",
  level: 'required',
  run: (ctx) => {
    const e = ctx.newEntry;
    if (!ctx.config || !e) return skip('no entry for the new kernel');
    if (e.root === undefined) {
      if (e.emptyVars?.length) return emptyVarFailure(ctx, e);
      const r = ctx.runningEntry?.root;
      if (r !== undefined) return fail(`${where(e)} passes no root=, but the running kernel's entry passes root=${r}`, 'new entry passes no root=');
      return pass('no root= on either entry (the initramfs or systemd finds the root file system)');
    }
    const ok = knownGood(ctx, e.root);
    if (ok) return pass(`root=${e.root}: ${ok}`);
    const f = ctx.rootFs.fstab;
    if (!f && ctx.rootFs.uuids === undefined) return pass(`root=${e.root}: no /etc/fstab to compare with (not verified)`);
    const fs = f ? `/etc/fstab:${f.line} mounts ${f.spec} on /` : '/etc/fstab has no / line';
    const dev = ctx.rootFs.uuids ? ', and no /dev/disk/by-uuid link has that UUID' : '';
    return fail(
      `${where(e)}: root=${e.root} names no file system of this machine (${fs}${dev}; the running kernel's entry says ${ctx.runningEntry?.root ?? 'nothing'}): the kernel would not find its root file system`,
      `new entry root=${e.root} is not in /etc/fstab`,
    );
  },
};
