/** Sections of the recovery note built from the record and the plan. Pure. */
import type { PackageChange } from '../../record/types.js';
import type { NoteBoot, NoteInput } from './model.js';
import { defaultSetAt } from './boot.js';
import { describeEntry } from './grub.js';
import { missingStandby, undoCommands, undoPlan } from './undo.js';
import { commandText, field, heading, wrapText } from './text.js';
import type { Contact } from '../patch-plan/model.js';

export function changesSection(packages: readonly PackageChange[]): string[] {
  const changed = packages.filter((p) => p.action !== 'unchanged' && p.action !== 'skipped');
  const lines = heading('WHAT CHANGED (before -> after)');
  if (changed.length === 0) return [...lines, '  No package was changed.'];
  for (const p of changed) {
    const versions = `${p.before.join(', ') || '(none)'} -> ${p.after.join(', ') || '(none)'}`;
    lines.push(...wrapText(`${p.name}.${p.arch}  ${versions}  [${p.action}]`, '      ', '  '));
  }
  return lines;
}

export function kernelsSection(input: NoteInput): string[] {
  const lines = heading('KERNELS');
  lines.push(...field('Known-good:', `${input.runningKernel ?? 'unknown (not recorded)'} (running when saferpm ran)`, 14));
  lines.push(...field('New:', input.newKernels.join(', ') || 'none installed by this run', 14));
  const boot = input.boot;
  if (boot) {
    lines.push(...field('Boot loader:', `${loaderName(boot)}, ${boot.configFile}`, 14));
    lines.push(...field('Default now:', boot.defaultEntry ? describeEntry(boot.defaultEntry) : 'unknown', 14));
    const setBy = defaultSetBy(boot);
    if (setBy) lines.push(...field('Set by:', setBy, 14));
  }
  return lines;
}

/** The line that chose the default ("file:line"), which the admin edits in rescue mode; or that none did. */
function defaultSetBy(boot: NoteBoot): string | undefined {
  const at = defaultSetAt(boot);
  if (boot.defaultFrom === 'first') return at ?? `no line sets a default (${boot.defaultNote ?? 'the first entry boots'})`;
  if (!at) return undefined;
  const value = boot.defaultFrom === 'saved' && boot.envFile && !at.startsWith(`${boot.envFile}:`) ? `, with the value saved in ${boot.envFile}` : '';
  return `${at}${value}`;
}

export function loaderName(boot: NoteBoot): string {
  const names: Record<NoteBoot['loader'], string> = {
    'grub-legacy': 'GRUB legacy', grub2: 'GRUB 2', 'grub2-bls': 'GRUB 2 with BLS entries (/boot/loader/entries)',
    lilo: 'LILO', extlinux: 'extlinux (syslinux)', unknown: 'unknown',
  };
  return names[boot.loader];
}

export function undoSection(input: NoteInput): string[] {
  const plan = undoPlan(input.packages);
  const lines = heading('UNDO THIS RUN (as root, or inside the rescue chroot; in this order)');
  if (input.noRun) return [...lines, ...wrapText(`No saferpm run to undo: ${input.noRun}. 'rpm -qa --last | head' lists the packages changed most recently.`, '  ')];
  const commands = [...undoCommands(plan), `saferpm restore ${input.runId}`];
  lines.push(...wrapText('Put the old versions back, erase what this run added, then restore the configuration files saved before the run:', '  '));
  for (const c of commands) lines.push(...commandText(c));
  if (input.newKernels.length > 0 && input.runningKernel) {
    lines.push(...wrapText(`Erase a new kernel only while the known-good one runs ('uname -r' prints ${input.runningKernel}): rpm would otherwise remove the running kernel.`, '    ', '  ! '));
  }
  for (const nvra of missingStandby(plan)) {
    lines.push(...wrapText(`No standby copy of ${nvra} was found: fetch it first (e.g. 'dnf download ${nvra}', or from your mirror or vault), then 'rpm -Uvh --oldpackage' it.`, '    ', '  ! '));
  }
  return lines;
}

export function findingsSection(boot: NoteBoot | undefined): string[] {
  const lines = heading('BOOT CHECK');
  if (!boot) return [...lines, ...wrapText("No boot check was recorded for this run. Run 'saferpm boot check' before rebooting.", '  ')];
  lines.push(`  Verdict: ${boot.verdict === 'safe' ? 'safe to reboot' : 'DO NOT REBOOT until the failures below are fixed'}`);
  const order = { fail: 0, warn: 1, pass: 2, skip: 3 } as const;
  const findings = [...boot.findings].sort((a, b) => order[a.status] - order[b.status]);
  for (const f of findings) {
    const tag = `[${f.status.toUpperCase()}]`.padEnd(7);
    lines.push(...wrapText(`${tag}${f.title} (${f.level}): ${f.text}`, '         ', '  '));
  }
  return lines;
}

export function planSection(input: NoteInput): string[] {
  const plan = input.plan;
  if (input.planError) {
    return [
      ...heading('CONTACTS AND BACKUPS'),
      ...wrapText(`THE PATCH PLAN COULD NOT BE READ: ${input.planError}. Fix it and check it with 'saferpm plan check'.`, '  '),
    ];
  }
  if (!plan) {
    return [
      ...heading('CONTACTS AND BACKUPS'),
      ...wrapText("NO PATCH PLAN: /etc/saferpm/plan.toml does not exist, so nobody to call and no backup procedure is written down. Create it with 'saferpm plan init', fill it in, and check it with 'saferpm plan check'.", '  '),
    ];
  }
  const lines = heading(`CONTACTS AND BACKUPS (from ${plan.file})`);
  const { primary, backup, owners } = plan.contacts;
  lines.push(...field('Primary:', contact(primary)), ...field('Backup:', contact(backup)));
  for (const o of owners) lines.push(...field(`${o.service}:`, contact(o)));
  const r = plan.recovery;
  lines.push(...field('Backups:', r.backupProcedure ?? 'not written down ([recovery] backup_procedure)'));
  lines.push(...field('Kept at:', r.backupLocation ?? 'not written down ([recovery] backup_location)'));
  lines.push(...field('If broken:', r.ifPatchBreaks ?? 'not written down ([recovery] if_patch_breaks)'));
  const tested = plan.testing.host ? `${plan.testing.host}${plan.testing.date ? ` on ${plan.testing.date}` : ''}` : 'no test system recorded';
  lines.push(...field('Tested on:', tested));
  return lines;
}

function contact(c: Contact | undefined): string {
  if (!c?.name) return 'not written down';
  return [c.name, c.phone, c.email].filter(Boolean).join(', ');
}

/** --one-at-a-time: exactly which groups were applied and which were not. */
export function incrementsSection(input: NoteInput): string[] {
  const groups = input.increments;
  if (!groups?.length) return [];
  const label = { applied: 'APPLIED', failed: 'FAILED', 'stopped-after': 'APPLIED, then stopped', 'not-applied': 'NOT APPLIED' } as const;
  return [
    ...heading('APPLIED ONE GROUP AT A TIME'),
    ...groups.flatMap((g, i) => [
      ...wrapText(`${i + 1}. ${label[g.status]}: ${g.packages.join(', ')}`, '     ', '  '),
      ...(g.reason ? wrapText(`why: ${g.reason}`, '     ', '     ') : []),
    ]),
  ];
}
