/**
 * The recovery note's TRIAL BOOT section (docs/trial-boot.md): what boots
 * once, what the machine comes back on by itself, and what does not cover a
 * hang. Pure.
 */
import { field, heading, wrapText } from './text.js';

export interface NoteTrial {
  id: string;
  kernel: string;
  knownGood: string;
  /** armed, checking, unhealthy, promoted, fell-back, abandoned, or planned (a dry run). */
  status: string;
  deadlineMinutes: number;
  reason?: string;
}

export function trialSection(t: NoteTrial | undefined): string[] {
  if (!t) return [];
  const lines = [
    ...heading('TRIAL BOOT'),
    ...field('Trial:', `${t.id} (${t.status})`),
    ...field('Tried:', `${t.kernel}, once`),
    ...field('Default:', `${t.knownGood} (known-good; stays the default until the trial is promoted)`),
  ];
  if (t.reason) lines.push(...field('Why:', t.reason));
  const text = t.status === 'fell-back'
    ? `The trial of ${t.kernel} failed and the machine came back on ${t.knownGood}. ${t.kernel} is excluded: saferpm boot check and saferpm reboot refuse it until 'saferpm trial clear ${t.kernel}'.`
    : `The next boot starts ${t.kernel} once, with panic=10 rd.emergency=reboot systemd.crash_reboot=1. If it panics (rebooted after 10 s), fails in the initramfs, or is not healthy within ${t.deadlineMinutes} minutes, the machine reboots into ${t.knownGood} by itself: nobody needs to pick an entry at the menu. A hang WITHOUT a panic is covered only by a hardware watchdog; without one, power-cycle the machine: it comes back on ${t.knownGood}.`;
  return [...lines, '', ...wrapText(text, '  ')];
}
