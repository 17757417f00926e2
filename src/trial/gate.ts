/**
 * The gate before a trial boot (docs/trial-boot.md, step 1): ordered checks,
 * each required (failing it refuses the trial; nothing changes) or wanted (a
 * warning), reported by name like the boot checks. Pure: the facts are
 * gathered once in gate-facts.ts.
 */
import type { BootVerdict } from '../bootloader/index.js';
import type { BootConfig, BootEntry, GrubEnvReport } from '../bootloader/model.js';
import { LOADER_NAMES } from '../bootloader/model.js';
import { fail, pass, skip, warn, type CheckLevel, type CheckOutcome, type CheckResult } from '../bootloader/checks/types.js';
import { isBlsEntry } from './entry-spec.js';
import type { FsVerdict } from './grubenv-fs.js';
import type { ExcludedKernel, Trial } from './model.js';

/** Room for a trial entry (a BLS file or a custom.cfg block is under 1 KiB), with a margin. */
export const TRIAL_SPACE = 64 * 1024;

export interface GateFacts {
  verdict: BootVerdict;
  config?: BootConfig;
  current?: Trial;
  excluded: ExcludedKernel[];
  env?: GrubEnvReport;
  envFs?: FsVerdict;
  machineId?: string;
  newEntry?: BootEntry;
  goodEntry?: BootEntry;
  initrdSize?: number;
  bootFree?: number;
  unit: { installed: boolean; enabled: boolean };
  updateDefault?: { line: string; yes: boolean };
}

interface GateCheck {
  id: string;
  title: string;
  level: CheckLevel;
  run(f: GateFacts): CheckOutcome;
}

const bootCheck: GateCheck = {
  id: 'boot-check', title: "saferpm's boot check passes", level: 'required',
  run: (f) => (f.verdict.safe ? pass(`safe to reboot into ${f.verdict.kernel}`) : fail(f.verdict.reasons.join('; '), `the boot check failed: ${f.verdict.reasons.join('; ')}`)),
};

const loader: GateCheck = {
  id: 'loader', title: 'The boot loader has a one-shot saferpm can arm and prove', level: 'required',
  run: (f) => {
    const c = f.config;
    if (!c) return fail('no boot loader configuration was read', 'no boot configuration');
    if (c.loader === 'grub2' || c.loader === 'bls') return pass(`${LOADER_NAMES[c.loader]}: grubenv next_entry, cleared by GRUB before it boots`);
    return fail(`${LOADER_NAMES[c.loader]} (${c.file}): saferpm arms trials only through GRUB 2's next_entry today (docs/trial-boot.md says how each loader boots once)`, `no trial boot for ${LOADER_NAMES[c.loader]}`);
  },
};

const noTrial: GateCheck = {
  id: 'no-trial', title: 'No other trial is in progress', level: 'required',
  run: (f) => (f.current ? fail(`trial ${f.current.id} of ${f.current.kernel} is ${f.current.status}`, `trial ${f.current.id} in progress ('saferpm trial status')`) : pass('none')),
};

const notExcluded: GateCheck = {
  id: 'not-excluded', title: 'The new kernel did not fall back in an earlier trial', level: 'required',
  run: (f) => {
    const x = f.excluded.find((e) => e.kernel === f.verdict.kernel);
    return x ? fail(`${x.kernel} fell back in trial ${x.trialId} (${x.reason})`, `${x.kernel} fell back in trial ${x.trialId}; 'saferpm trial clear ${x.kernel}' after fixing it`) : pass('not excluded');
  },
};

const knownGood: GateCheck = {
  id: 'known-good', title: 'The known-good kernel is known and has an entry', level: 'required',
  run: (f) => {
    const v = f.verdict;
    if (!v.runningKernel) return fail('the running kernel is unknown (give --running-kernel)', 'known-good kernel unknown');
    if (v.runningKernel === v.kernel) return fail(`the new kernel ${v.kernel} is the running one: nothing to try`, 'the new kernel already runs');
    if (!f.goodEntry) return fail(`no entry boots ${v.runningKernel}`, `no entry for the known-good ${v.runningKernel}`);
    return pass(`${v.runningKernel}: '${f.goodEntry.title}'`);
  },
};

const grubenv: GateCheck = {
  id: 'grubenv', title: 'grubenv is an intact 1024-byte block', level: 'required',
  run: (f) => {
    const e = f.env;
    if (!e) return fail('no grubenv beside the configuration: GRUB has nowhere to read next_entry from', 'no grubenv');
    if (e.problems.length || !e.readable) return fail(e.problems.join('; '), `${e.file} is damaged`);
    return pass(`${e.file}: ${e.size} bytes`);
  },
};

const grubenvFs: GateCheck = {
  id: 'grubenv-fs', title: 'GRUB can write grubenv at boot (to clear next_entry)', level: 'required',
  run: (f) => {
    if (!f.envFs) return skip('no grubenv');
    return f.envFs.ok ? pass(f.envFs.detail) : fail(f.envFs.detail, 'GRUB cannot clear next_entry on that file system: the trial kernel would boot every time');
  },
};

const blsMachineId: GateCheck = {
  id: 'bls-machine-id', title: 'BLS entry ids start with the machine-id', level: 'required',
  run: (f) => {
    const c = f.config;
    const bls = [f.newEntry, f.goodEntry].filter((e): e is BootEntry => e !== undefined && isBlsEntry(e, c?.blsDir));
    if (bls.length === 0) return skip('the entries are not BLS files');
    if (!f.machineId) return fail('/etc/machine-id is missing or empty', 'no machine-id');
    const bad = bls.filter((e) => !(e.id ?? '').startsWith(`${f.machineId}-`));
    if (bad.length) return fail(`${bad.map((e) => e.id).join(', ')} not named ${f.machineId}-<version> (a clone whose machine-id changed?)`, 'BLS ids do not match the machine-id');
    return pass(`${f.machineId}-*`);
  },
};

const newInitramfs: GateCheck = {
  id: 'new-initramfs', title: "The new kernel's initramfs is not empty", level: 'required',
  run: (f) => {
    if (f.initrdSize === undefined) return f.newEntry?.initrdPaths.length === 0 ? skip('the new entry loads no initramfs') : fail('the initramfs is missing', 'new initramfs missing');
    return f.initrdSize > 0 ? pass(`${f.newEntry?.initrdPaths[0]}: ${f.initrdSize} bytes`) : fail(`${f.newEntry?.initrdPaths[0]} is empty`, 'new initramfs empty');
  },
};

const bootSpace: GateCheck = {
  id: 'boot-space', title: '/boot has room for the trial entry', level: 'required',
  run: (f) => {
    if (f.bootFree === undefined) return warn('free space on /boot unknown');
    return f.bootFree >= TRIAL_SPACE ? pass(`${Math.floor(f.bootFree / 1024)} KiB free`) : fail(`${f.bootFree} bytes free, the trial entry needs ${TRIAL_SPACE}`, '/boot is full');
  },
};

const trialUnit: GateCheck = {
  id: 'trial-unit', title: 'saferpm-trial.service is installed and enabled', level: 'wanted',
  run: (f) => (f.unit.installed && f.unit.enabled ? pass('installed and enabled') : warn(`${f.unit.installed ? 'not enabled' : 'not installed'}: nothing will promote the kernel; the next reboot falls back ('saferpm trial promote' by hand)`)),
};

const updateDefault: GateCheck = {
  id: 'sysconfig-kernel', title: '/etc/sysconfig/kernel UPDATEDEFAULT', level: 'wanted',
  run: (f) => {
    if (!f.updateDefault) return pass('no UPDATEDEFAULT line: grubby leaves the default alone');
    return pass(f.updateDefault.yes ? `'${f.updateDefault.line}': set to no until the verdict, then put back` : `'${f.updateDefault.line}'`);
  },
};

export const GATE: readonly GateCheck[] = [bootCheck, loader, noTrial, notExcluded, knownGood, grubenv, grubenvFs, blsMachineId, newInitramfs, bootSpace, trialUnit, updateDefault];

export function runGate(f: GateFacts): CheckResult[] {
  return GATE.map((c) => {
    const o = c.run(f);
    const status = c.level === 'wanted' && o.status === 'fail' ? 'warn' : o.status;
    const r: CheckResult = { id: c.id, title: c.title, level: c.level, status, finding: o.finding };
    if (status === 'fail' && o.reason) r.reason = o.reason;
    return r;
  });
}

export function gateFailures(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.level === 'required' && r.status === 'fail');
}
