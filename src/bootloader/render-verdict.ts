/**
 * The human text of a boot verdict: what was checked, each check with its
 * finding, and a last plain line a person or a script can act on:
 * "safe to reboot" or "do not reboot: <reasons>". Fits 80 columns.
 */
import { LOADER_NAMES } from './model.js';
import { pad, WIDTH, wrapText } from './text.js';
import type { CheckResult } from './checks/types.js';
import type { BootVerdict, EntryRef } from './verdict.js';

const LABEL = 18;
const STATUS: Record<CheckResult['status'], string> = { pass: 'pass', fail: 'FAIL', warn: 'warn', skip: 'skip' };

const KERNEL_SOURCE: Record<BootVerdict['kernelSource'], string> = { option: '--kernel', 'newest-installed': 'newest installed', none: 'none found' };
const RUNNING_SOURCE: Record<BootVerdict['runningKernelSource'], string> = { option: '--running-kernel', uname: 'uname -r', unknown: 'unknown' };

function ref(e: EntryRef | undefined): string {
  if (!e) return '(none)';
  const id = e.id !== undefined && e.id !== e.title ? ` [${e.id}]` : '';
  return `${e.index} '${e.title}'${id}${e.kernelPath ? ` ${e.kernelPath}` : ''}`;
}

function field(label: string, value: string): string[] {
  return wrapText(value, `  ${pad(label, LABEL - 2)}`, ' '.repeat(LABEL));
}

function header(v: BootVerdict): string[] {
  const where = v.loader ? `${LOADER_NAMES[v.loader]}, ${v.configFile}${v.blsDir ? ` with ${v.blsDir}` : ''}` : 'no boot configuration';
  const fw = v.firmware ? `${v.firmware.kind === 'uefi' ? 'UEFI' : 'BIOS'}: ${v.firmware.why}${v.loadedBy ? `; ${v.loadedBy} loads ${v.configFile} (configfile)` : ''}` : undefined;
  return [
    ...wrapText(`Boot check of ${v.root} (${where})`, '', '  '),
    ...(fw ? field('firmware', fw) : []),
    ...field('new kernel', v.kernel ? `${v.kernel} (${KERNEL_SOURCE[v.kernelSource]})` : '(none found)'),
    ...field('running kernel', v.runningKernel ? `${v.runningKernel} (${RUNNING_SOURCE[v.runningKernelSource]})` : 'unknown (give --running-kernel)'),
    ...field('boots next', `${ref(v.nextBoot)}${v.default?.oneTime ? ' (once, next_entry)' : ''}${v.defaultEntry ? ` (fallback: the default ${ref(v.defaultEntry)} cannot load)` : ''}`),
    ...field('fallback', ref(v.fallback)),
  ];
}

function check(c: CheckResult): string[] {
  const head = `  ${STATUS[c.status]}  ${pad(c.level, 10)}${c.title}`;
  return [head, ...wrapText(c.finding, ' '.repeat(LABEL), ' '.repeat(LABEL))];
}

/** One plain line that scripts and people can act on; never wrapped, at most 80 columns when it can be. */
export function verdictLine(v: BootVerdict): string {
  if (v.safe) return 'safe to reboot';
  const all = `do not reboot: ${v.reasons.join(', ')}`;
  if (all.length <= WIDTH || v.reasons.length < 2) return all;
  return `do not reboot: ${v.reasons[0]} (+${v.reasons.length - 1} more, see FAIL above)`;
}

export function renderBootVerdict(v: BootVerdict): string {
  return [...header(v), '', ...v.checks.flatMap(check), '', verdictLine(v)].join('\n');
}
