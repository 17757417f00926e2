/**
 * saferpm snapshot take|diff: the before/after snapshots of a saferpm run,
 * usable around any maintenance ("ps -ef and netstat -an before and after").
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, InputError } from '../errors.js';
import type { Output } from '../output/output.js';
import { resolveRoot } from '../context.js';
import { writeFileAtomic } from '../state/atomic.js';
import type { Snapshot } from '../snapshot/model.js';
import { diffSnapshots } from '../snapshot/diff.js';
import { parseSnapshotJson } from '../snapshot/parse-snapshot-json.js';
import { renderNetstat, renderPsEf, renderSnapshotDiff } from '../snapshot/render.js';
import { takeSnapshot } from '../snapshot/take.js';

export interface SnapshotTakeOptions {
  root?: string;
  out: string;
  /** Also write OUT.ps-ef.txt and OUT.netstat.txt beside the JSON. */
  text: boolean;
}

/**
 * The file goes wherever the admin names it (often /tmp), so its folder is
 * not held to the state folder's rules (ensureSecureDir); writeFileAtomic's
 * O_EXCL|O_NOFOLLOW temporary file and rename keep a planted link from
 * redirecting the write, and mode 0600 keeps command lines (which may hold
 * secrets) from other users.
 */
export async function snapshotTake(o: SnapshotTakeOptions, out: Output): Promise<number> {
  const root = resolveRoot(o.root);
  const file = path.resolve(o.out);
  await checkOutFolder(path.dirname(file));
  const done = out.phase('taking a snapshot of processes, listening sockets and services');
  const snap = await takeSnapshot({ root });
  done('ok');
  await writeFileAtomic(file, JSON.stringify(snap, null, 1) + '\n', { mode: 0o600 });
  const written = [file];
  if (o.text) {
    const base = file.replace(/\.json$/, '');
    await writeFileAtomic(`${base}.ps-ef.txt`, renderPsEf(snap), { mode: 0o600 });
    await writeFileAtomic(`${base}.netstat.txt`, renderNetstat(snap), { mode: 0o600 });
    written.push(`${base}.ps-ef.txt`, `${base}.netstat.txt`);
  }
  for (const note of [...snap.notes, ...snap.services.notes]) out.info(note);
  out.out(`${summary(snap)} in ${snap.durationMs} ms: ${written.join(', ')}`);
  return EXIT.OK;
}

async function checkOutFolder(dir: string): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) throw new InputError(dir, 'the folder for --out does not exist', EXIT.NOINPUT, `create it first: mkdir -p ${dir}`);
  if (!st.isDirectory()) throw new InputError(dir, 'is not a folder (--out names a file inside a folder)', EXIT.USAGE);
}

function summary(s: Snapshot): string {
  const services = s.services.enabledKnown ? `${s.services.units.length} services (${s.services.source})` : 'services unknown';
  return `${s.processes.length} processes, ${s.sockets.length} listening sockets, ${services}`;
}

export interface SnapshotDiffOptions {
  a: string;
  b: string;
  json: boolean;
}

export async function snapshotDiff(o: SnapshotDiffOptions, out: Output): Promise<number> {
  const [before, after] = await Promise.all([load(o.a), load(o.b)]);
  const d = diffSnapshots(before, after);
  out.out(o.json ? JSON.stringify(d, null, 2) : renderSnapshotDiff(d).trimEnd());
  return EXIT.OK;
}

async function load(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(file, 'cannot read the snapshot file', EXIT.NOINPUT, "make one with 'saferpm snapshot take --out FILE'");
  }
  return parseSnapshotJson(text, file);
}
