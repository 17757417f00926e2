/** A fingerprint of a directory tree (paths, types, sizes, modes, content hashes) to prove "nothing changed". */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * rpm's sqlite database keeps a shared-memory index (rpmdb.sqlite-shm) and a
 * lock file that every reader touches; they are not changes to the database,
 * so they are left out. The database itself and everything else count.
 */
const TOUCHED_BY_READERS = /(^|\/)(rpmdb\.sqlite-shm|\.rpm\.lock)$/;

export function treeFingerprint(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    if (TOUCHED_BY_READERS.test(rel)) return;
    const abs = path.join(dir, rel);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(abs)}`);
    else if (st.isDirectory()) {
      out.push(`${rel}/ ${(st.mode & 0o7777).toString(8)}`);
      for (const name of readdirSync(abs).sort()) walk(path.join(rel, name));
    } else {
      out.push(`${rel} ${(st.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(abs)).digest('hex').slice(0, 16)}`);
    }
  };
  walk('.');
  return out;
}
