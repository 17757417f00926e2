/**
 * Adding and removing the trial entry under the root: a BLS file of its own,
 * or a marked block in custom.cfg beside grub.cfg. Written atomically; never
 * through a symlink planted in the entry's place (writeFileAtomic).
 */
import path from 'node:path';
import { readFile, unlink } from 'node:fs/promises';
import type { BootConfig, BootEntry } from '../bootloader/model.js';
import { EXIT, SaferpmError } from '../errors.js';
import { readRootedText, resolveInRoot } from '../fs/rooted.js';
import { writeFileAtomic } from '../state/atomic.js';
import { blsTrialText, customCfgBlock, withoutBlock } from './entry-text.js';
import { isBlsEntry } from './entry-spec.js';
import { trialEntryId, type TrialEntry } from './model.js';

/** Adds the trial entry for `entry` (the new kernel's); `extra` are the trial arguments. */
export async function addTrialEntry(root: string, config: BootConfig, entry: BootEntry, id: string, extra: string): Promise<TrialEntry> {
  const entryId = trialEntryId(id);
  if (isBlsEntry(entry, config.blsDir)) {
    const original = await readRootedText(root, entry.source.file);
    if (original === undefined) throw new SaferpmError(`${entry.source.file}: cannot be read under ${root}`, EXIT.NOINPUT);
    const t = blsTrialText(original, id, extra);
    const file = `${config.blsDir}/${entryId}.conf`;
    await writeFileAtomic(await resolveInRoot(root, file), t.text, { mode: 0o644 });
    return { id: entryId, kind: 'bls-file', file, title: t.title, args: '', created: true };
  }
  const cfg = await readRootedText(root, entry.source.file);
  const block = cfg === undefined ? undefined : customCfgBlock(cfg, entry.source.line, entry.title, id, entryId, extra);
  if (!block) throw new SaferpmError(`${entry.source.file}:${entry.source.line}: the new kernel's menuentry could not be copied (no linux line found)`, EXIT.DATAERR, 'give the trial entry by hand, or boot the new kernel without --trial');
  const file = path.posix.join(path.posix.dirname(config.file), 'custom.cfg');
  const host = await resolveInRoot(root, file);
  const before = await readFile(host, 'utf8').catch(() => undefined);
  const joined = before === undefined ? block.text : `${before}${before.endsWith('\n') || before === '' ? '' : '\n'}${block.text}`;
  await writeFileAtomic(host, joined, { mode: 0o644 });
  return { id: entryId, kind: 'custom-cfg', file, title: block.title, args: '', created: before === undefined };
}

/** Removes the trial entry; a custom.cfg saferpm created and left empty goes too. Missing is fine (already removed). */
export async function removeTrialEntry(root: string, e: TrialEntry, trialId: string): Promise<boolean> {
  const host = await resolveInRoot(root, e.file);
  if (e.kind === 'bls-file') {
    return unlink(host).then(() => true, (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    });
  }
  const text = await readFile(host, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const rest = withoutBlock(text, trialId);
  if (rest === text) return false;
  if (rest.trim() === '' && e.created) await unlink(host);
  else await writeFileAtomic(host, rest, { mode: 0o644 });
  return true;
}
