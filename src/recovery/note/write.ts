/**
 * Writing the recovery note at its documented paths (note-paths.ts), each
 * atomically (temporary file, fsync, rename: a reader sees the old note or the
 * new one, never a torn one). The run's note and the latest copy must be
 * written, or this fails; the short copy on /boot is best effort (a full or
 * missing /boot is reported, not fatal: the note on / still exists).
 */
import path from 'node:path';
import { describeFsError, writeFileAtomic } from '../../state/atomic.js';
import { checkSecureDir, ensureStateDirs, statePaths } from '../../state/dirs.js';
import { resolveInRoot, statRooted } from '../../fs/rooted.js';
import type { RunRecord } from '../../record/types.js';
import type { NoteInput } from './model.js';
import { BOOT_NOTE, LATEST_NOTE, noteFileFor } from './paths.js';
import { renderBootCopy, renderNote } from './render.js';

/** Paths inside the root, the shape of RunRecord.note; `error` says why /boot has no copy. */
export type WrittenNote = NonNullable<RunRecord['note']>;

export async function writeNote(root: string, input: NoteInput): Promise<WrittenNote> {
  const paths = await statePaths(root);
  await ensureStateDirs(paths);
  const text = renderNote(input);
  const own = noteFileFor(input.runId);
  await writeFileAtomic(path.join(paths.notes, path.basename(own)), text, { mode: 0o600 });
  await writeFileAtomic(path.join(paths.dir, path.basename(LATEST_NOTE)), text, { mode: 0o600 });
  const written: WrittenNote = { path: own, latest: LATEST_NOTE };
  const bootError = await writeBootCopy(root, input);
  if (bootError) written.error = bootError;
  else written.boot = BOOT_NOTE;
  return written;
}

/** The short copy on /boot; returns why it could not be written, or undefined. */
async function writeBootCopy(root: string, input: NoteInput): Promise<string | undefined> {
  const st = await statRooted(root, path.dirname(BOOT_NOTE));
  if (!st?.isDirectory()) return `${path.dirname(BOOT_NOTE)} is not a directory here; no short copy written`;
  const dir = await resolveInRoot(root, path.dirname(BOOT_NOTE));
  try {
    await checkSecureDir(dir);
    await writeFileAtomic(path.join(dir, path.basename(BOOT_NOTE)), renderBootCopy(input), { mode: 0o644 });
    return undefined;
  } catch (e) {
    return `${BOOT_NOTE} not written: ${e instanceof Error ? e.message : describeFsError(e)}`;
  }
}
