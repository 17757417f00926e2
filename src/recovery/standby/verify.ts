/**
 * Before `saferpm undo` installs a standby copy as root (and runs its
 * scriptlets), the copy must be the very file the run found: each one is
 * copied, without following a symlink, into a private folder of the run
 * (0700, under the state folder), and the copy's SHA-256 and header NEVRA are
 * compared with what the run recorded (record.audit.standbyDigests). The undo
 * then installs the private copies, so swapping the file at the standby path
 * after this check changes nothing. A copy without a recorded digest (a run
 * of an older saferpm) is refused: nothing says what it should be.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../../errors.js';
import { resolveInRoot } from '../../fs/rooted.js';
import { copyRegularFile, hashFile } from '../../audit/secure-copy.js';
import { nevra } from '../../rpm/package.js';
import { queryPackageFiles, type RpmInvocation } from '../../rpm/query.js';
import type { RunRecord } from '../../record/types.js';
import { ensureSecureDir } from '../../state/dirs.js';
import type { StandbyDigest } from './find.js';

export interface StagedCopies {
  /** Path inside the root -> host path of the checked copy to install. */
  paths: Map<string, string>;
  /** The private folder, removed by the caller when done. */
  dir?: string;
}

/**
 * Check (and, with `stageDir`, copy) every standby file; refuse the undo,
 * naming each file that does not match, before anything changes.
 */
export async function verifyStandbyCopies(root: string, record: RunRecord, files: readonly string[], rpm: RpmInvocation, stageDir?: string): Promise<StagedCopies> {
  const digests = recordedDigests(record);
  const paths = new Map<string, string>();
  const problems: string[] = [];
  if (stageDir && files.length > 0) await ensureSecureDir(stageDir);
  const checked: { file: string; host: string; want: StandbyDigest }[] = [];
  for (const [i, f] of files.entries()) {
    const want = digests[f];
    if (!want) {
      problems.push(`${f} (the run recorded no SHA-256 for it)`);
      continue;
    }
    const host = await resolveInRoot(root, f);
    const dest = stageDir ? path.join(stageDir, `${i}-${path.basename(f)}`) : undefined;
    const sha256 = await (dest ? copyRegularFile(host, dest, undefined).then((r) => r.digests.sha256, () => undefined) : hashFile(host).then((d) => d?.sha256));
    if (sha256 !== want.sha256) {
      problems.push(sha256 === undefined ? `${f} (not a regular file now)` : `${f} (its SHA-256 is ${sha256.slice(0, 16)}..., the run recorded ${want.sha256.slice(0, 16)}...)`);
      continue;
    }
    checked.push({ file: f, host: dest ?? host, want });
  }
  if (checked.length > 0 && problems.length === 0) {
    const headers = await queryPackageFiles(rpm, checked.map((c) => ({ given: c.file, path: c.host }))).catch(() => []);
    checked.forEach((c, i) => {
      const h = headers[i];
      if (!h || nevra(h) !== c.want.nevra) problems.push(`${c.file} (its header says ${h ? nevra(h) : 'nothing rpm can read'}, the run recorded ${c.want.nevra})`);
      else paths.set(c.file, c.host);
    });
  }
  if (problems.length > 0) {
    if (stageDir) await fsp.rm(stageDir, { recursive: true, force: true });
    throw new RefusedError(
      `cannot undo run ${record.id}: the standby ${problems.length === 1 ? 'copy is' : 'copies are'} not what the run found: ${problems.join('; ')}; nothing was changed`,
      'someone changed the standby files since the run: check them, then install the old versions by hand (rpm -Uvh --oldpackage) from a copy you trust',
    );
  }
  return { paths, ...(stageDir ? { dir: stageDir } : {}) };
}

/** record.audit.standbyDigests (a record read back keeps only well-formed entries: src/record/check-sections.ts). */
function recordedDigests(record: RunRecord): Record<string, StandbyDigest> {
  return record.audit?.standbyDigests ?? {};
}
