/**
 * Where the recovery note is kept, as seen from inside the root (documented
 * in docs/recovery-note.md). The latest copy sits on the root file system,
 * reachable from rescue media under /mnt/sysimage; a short copy sits on /boot,
 * readable from the GRUB shell with cat.
 */

/** One note per run: NOTES_DIR/<run-id>.txt. */
export const NOTES_DIR = '/var/lib/saferpm/notes';
/** The latest note, always at the same place. */
export const LATEST_NOTE = '/var/lib/saferpm/RECOVERY.txt';
/** The short copy on the boot partition (plain ASCII, short lines). */
export const BOOT_NOTE = '/boot/saferpm-recovery.txt';
/** Where RHEL's and Fedora's rescue mode mounts the installed system (anaconda). */
export const RESCUE_MOUNT = '/mnt/sysimage';

export function noteFileFor(runId: string): string {
  return `${NOTES_DIR}/${runId}.txt`;
}
