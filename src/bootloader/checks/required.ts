/**
 * Required checks: each one, failing, means the machine may not come back
 * after a reboot. They fail only on facts (a missing or empty file, no entry),
 * never on oddities a healthy machine can have.
 */
import { describeEntry, entriesForVersion } from '../model.js';
import { entryProblems, initrdProblems, kernelProblems, where } from './files.js';
import { fail, pass, skip, type Check, type CheckContext, type CheckOutcome } from './types.js';

const NO_CONFIG = 'no boot loader configuration was read';


export const configReadable: Check = {
  id: 'config',
  title: 'Boot loader configuration found and read',
  level: 'required',
  run: (ctx) => {
    const c = ctx.config;
    if (!c) return fail(ctx.configError ?? NO_CONFIG, ctx.configReason ?? 'boot configuration unreadable');
    if (c.entries.length === 0) return fail(`${c.file} defines no boot entries`, 'no boot entries');
    return pass(`${c.file}: ${c.entries.length} entries`);
  },
};

/** Shared preamble: the configuration and the new kernel must be known (new-entry fails when it is not). */
function withNewKernel(ctx: CheckContext, then: (kernel: string) => CheckOutcome): CheckOutcome {
  if (!ctx.config) return skip(NO_CONFIG);
  if (!ctx.kernel) return skip('no kernel to check');
  return then(ctx.kernel);
}

export const newEntryExists: Check = {
  id: 'new-entry',
  title: 'An entry boots the new kernel',
  level: 'required',
  run: (ctx) => {
    if (ctx.config && !ctx.kernel) {
      return fail('no installed kernel found under the root (/lib/modules and /boot hold none); give --kernel VERSION', 'no kernel found');
    }
    return withNewKernel(ctx, (k) => {
      const all = entriesForVersion(ctx.config!, k);
      if (!ctx.newEntry) return fail(`no entry in ${ctx.config!.file} boots ${k} (entries are matched by the kernel file they load)`, `no entry for ${k} in ${ctx.config!.file}`);
      const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
      return pass(`${where(ctx.newEntry)}${more}`);
    });
  },
};

export const newKernelImage: Check = {
  id: 'new-kernel-image',
  title: 'The new kernel image exists and is not empty',
  level: 'required',
  run: (ctx) =>
    withNewKernel(ctx, () => {
      const e = ctx.newEntry;
      if (!e) return skip('no entry for the new kernel');
      const problems = kernelProblems(ctx, e);
      if (problems.length) return fail(problems.join('; '), ctx.file(e.kernelPath ?? '').why ? `new kernel ${e.kernelPath} is a link the boot loader cannot follow` : 'new kernel image missing or empty');
      const image = ctx.newImage;
      if (image?.status === 'differs') return fail(image.finding, `new kernel ${e.kernelPath} differs from its package (rpm -V)`);
      const via = e.kernelTarget ? ` -> ${e.kernelTarget}` : '';
      return pass(`${e.kernelPath}${via} (${ctx.file(e.kernelPath as string).size} bytes)${image ? `; ${image.finding}` : ''}`);
    }),
};

export const newInitrd: Check = {
  id: 'new-initrd',
  title: "The new kernel's initramfs exists and is not empty",
  level: 'required',
  run: (ctx) =>
    withNewKernel(ctx, () => {
      const e = ctx.newEntry;
      if (!e) return skip('no entry for the new kernel');
      const problems = initrdProblems(ctx, e);
      const link = e.initrdPaths.find((p) => ctx.file(p).why);
      if (problems.length) return fail(problems.join('; '), link ? `new initramfs ${link} is a link the boot loader cannot follow` : 'new initramfs missing or empty');
      if (e.initrdPaths.length === 0 && ctx.initramfs.used) {
        return fail(`entry ${describeEntry(e)} loads no initrd, but ${ctx.initramfs.why}`, 'new entry loads no initramfs');
      }
      return pass(e.initrdPaths.length ? e.initrdPaths.join(', ') : `no initrd, none needed (${ctx.initramfs.why})`);
    }),
};

export const newModules: Check = {
  id: 'new-modules',
  title: 'The new kernel has its /lib/modules folder',
  level: 'required',
  run: (ctx) =>
    withNewKernel(ctx, (k) =>
      ctx.modules.get(k) ? pass(`/lib/modules/${k}`) : fail(`/lib/modules/${k} is missing: the kernel would boot without its modules`, `/lib/modules/${k} missing`),
    ),
};

export const nextBootWorks: Check = {
  id: 'next-boot',
  title: 'The entry that boots next has its files',
  level: 'required',
  run: (ctx) => {
    const c = ctx.config;
    if (!c) return skip(NO_CONFIG);
    const e = ctx.nextEntry;
    if (!e) return fail(`${c.default.note}; nothing to boot`, 'nothing boots next');
    const d = ctx.defaultEntry;
    const how = d
      ? `${c.default.note}, but ${where(d)} cannot load: ${entryProblems(ctx, d).join('; ')}; the boot loader then boots its fallback (${c.fallback?.note ?? 'fallback'})`
      : c.default.note;
    if (!e.linux) return pass(`${where(e)}: not a Linux entry (${how}); saferpm cannot check its files`);
    const problems = entryProblems(ctx, e);
    if (problems.length) return fail(`${where(e)} boots next (${how}), but ${problems.join('; ')}`, `next boot entry ${e.index} misses files`);
    return pass(`${where(e)} (${how})`);
  },
};

export const runningKeepsEntry: Check = {
  id: 'fallback-entry',
  title: 'The running (known-good) kernel keeps a working entry',
  level: 'required',
  run: (ctx) => {
    if (!ctx.config) return skip(NO_CONFIG);
    if (!ctx.running) return skip('running kernel unknown, give --running-kernel');
    const e = ctx.runningEntry;
    if (!e) return fail(`no entry in ${ctx.config.file} boots the running kernel ${ctx.running}: no way back if the new one fails`, `no entry for running ${ctx.running} in ${ctx.config.file}`);
    const problems = entryProblems(ctx, e);
    if (problems.length) return fail(`${where(e)}: ${problems.join('; ')}`, `running kernel's entry misses files`);
    if (ctx.modules.get(ctx.running) === false) {
      return fail(`${where(e)}: /lib/modules/${ctx.running} is missing: the known-good kernel would boot without its modules (no disk or network drivers beyond the initramfs)`, `/lib/modules/${ctx.running} of the running kernel missing`);
    }
    return pass(where(e));
  },
};
