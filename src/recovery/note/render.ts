/**
 * The recovery note: plain text for an 80-column console, written for the
 * admin at the console of a machine that does not boot. renderNote() is the
 * full note; renderBootCopy() the short ASCII copy for /boot. Pure.
 */
import { bootSteps, knownGoodEntry, pickLine, type Step } from './loader.js';
import type { NoteInput } from './model.js';
import { BOOT_NOTE, LATEST_NOTE, RESCUE_MOUNT, noteFileFor } from './paths.js';
import { changesSection, findingsSection, incrementsSection, kernelsSection, planSection, undoSection } from './sections.js';
import { commandText, field, heading, humanTime, toAscii, wrapText } from './text.js';
import { describeEntry, shortCopyInPartition } from './grub.js';
import { trialSection } from './trial.js';
import { missingStandby, undoCommands, undoPlan } from './undo.js';

export function renderNote(input: NoteInput): string {
  const steps = bootSteps(input.boot, input.runningKernel);
  const lines = [
    ...header(input),
    ...changesSection(input.packages),
    ...incrementsSection(input),
    ...kernelsSection(input),
    ...trialSection(input.trial),
    ...heading('AT THE BOOT MENU: START THE KNOWN-GOOD KERNEL'),
    ...numbered(steps.atBoot),
    ...heading('RESCUE MODE (when no kernel boots)'),
    ...numbered(rescueSteps(input, steps.setDefault)),
    ...undoSection(input),
    ...findingsSection(input.boot),
    ...planSection(input),
    '',
  ];
  return lines.join('\n');
}

function header(input: NoteInput): string[] {
  const title = `SAFERPM RECOVERY NOTE: ${input.host}`;
  return [
    title,
    '='.repeat(Math.min(title.length, 80)),
    ...field('Run:', input.noRun ? `none: ${input.noRun}` : `${input.runId} (${input.status})`),
    ...field('Date:', `${humanTime(input.startedAt)}; note written ${humanTime(input.writtenAt)}`),
    ...field('Who:', input.user),
    ...field('Command:', input.commandLine),
    ...field('Verdict:', verdictLine(input)),
    ...field('Copies:', `${noteFileFor(input.runId)}, ${LATEST_NOTE} (latest; from rescue media ${RESCUE_MOUNT}${LATEST_NOTE}), ${BOOT_NOTE} (short)`),
  ];
}

function verdictLine(input: NoteInput): string {
  if (!input.boot) return "no boot check recorded: run 'saferpm boot check' before rebooting";
  return input.boot.verdict === 'safe' ? 'the boot check passed: safe to reboot' : 'DO NOT REBOOT: a required boot check failed (see BOOT CHECK)';
}

function rescueSteps(input: NoteInput, setDefault: Step[]): Step[] {
  const v = input.runningKernel ?? '<known-good version>';
  return [
    { text: "Boot the installation media of this release (same major version). Choose Troubleshooting, then 'Rescue a ... system', then 1) Continue: the installed system is mounted at /mnt/sysimage." },
    { text: 'Enter the installed system:', commands: [`chroot ${RESCUE_MOUNT}`] },
    { text: `This note is at ${LATEST_NOTE} inside the chroot (${RESCUE_MOUNT}${LATEST_NOTE} before it).` },
    ...setDefault,
    { text: `If /boot/initramfs-${v}.img is missing or empty, rebuild it:`, commands: [`dracut -f /boot/initramfs-${v}.img ${v}`] },
    { text: 'If the new packages must go, run the commands under UNDO THIS RUN.' },
    { text: 'Leave the chroot and restart:', commands: ['exit', 'reboot'] },
  ];
}

function numbered(steps: Step[]): string[] {
  return steps.flatMap((s, i) => {
    const n = `${i + 1}. `.padStart(5);
    return [...wrapText(s.text, ' '.repeat(n.length), n), ...(s.commands ?? []).flatMap((c) => commandText(c, '        '))];
  });
}

/**
 * The copy on /boot: what to pick at the menu and how to set the default
 * back, in plain ASCII under 72 columns, short enough to read at the GRUB
 * prompt (which has no scrolling unless 'set pager=1').
 */
export function renderBootCopy(input: NoteInput): string {
  const width = 72;
  const target = knownGoodEntry(input.boot, input.runningKernel);
  const steps = bootSteps(input.boot, input.runningKernel);
  const wrap = (t: string, first = '', indent = first): string[] => wrapText(t, indent, first, width);
  const lines = [
    ...wrap(`SAFERPM RECOVERY (short): ${input.host}, run ${input.runId}`),
    ...wrap(`${humanTime(input.startedAt)} by ${input.user}: ${input.commandLine}`),
    ...wrap(`Known-good kernel: ${input.runningKernel ?? 'unknown'}. New: ${input.newKernels.join(', ') || 'none'}.`),
    ...(target && input.boot ? wrap(pickLine(input.boot, target)) : []),
    ...(input.boot?.defaultEntry ? wrap(`Default now: ${describeEntry(input.boot.defaultEntry)}.`) : []),
    `To make it the default again (rescue mode, chroot ${RESCUE_MOUNT}):`,
    ...steps.setDefault.flatMap((s) => [...wrap(s.text, '- ', '  '), ...(s.commands ?? []).flatMap((c) => commandText(c, '    ', width))]),
    ...(input.noRun ? wrap(`No saferpm run to undo: ${input.noRun}.`) : ['Undo this run:']),
    ...(input.noRun ? [] : [...undoCommands(undoPlan(input.packages)), `saferpm restore ${input.runId}`]).flatMap((c) => commandText(c, '  ', width)),
    ...missingStandby(undoPlan(input.packages)).flatMap((n) => wrap(`no standby copy of ${n}`, '  ! ', '    ')),
    ...wrap(`Full note: ${LATEST_NOTE} on the root file system (${RESCUE_MOUNT}${LATEST_NOTE} from rescue media); this copy is ${shortCopyInPartition(input.boot ?? { bootIsSeparate: true })} on the boot partition.`),
    '',
  ];
  return toAscii(lines.join('\n'));
}
