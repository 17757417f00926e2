import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA, readManifest, type BackupEntry } from '../../../src/audit/manifest.js';
import { EXIT, StateError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/roots.js';

const meta = { mode: 0o100644, uid: 0, gid: 0, size: 1, atimeMs: 0, mtimeMs: 0 };
const good: BackupEntry = { path: '/etc/a.conf', package: 'a-1-1.noarch', noreplace: false, ghost: false, kind: 'file', copy: 'files/etc/a.conf', sha256: 'x', meta, siblings: {} };

function manifestWith(files: unknown[]): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ schema: MANIFEST_SCHEMA, createdAt: '', root: '/', dir: '/elsewhere', packages: [], names: ['a'], notInstalled: [], files }));
  return dir;
}

describe('reading a backup manifest', () => {
  it('reads a sane one, with the folder it was found in', async () => {
    const dir = manifestWith([good]);
    expect(await readManifest(dir)).toMatchObject({ dir, files: [good] });
  });

  it.each([
    ['a copy outside files/<path>', { ...good, copy: 'files/../../../etc/shadow' }],
    ['a relative path', { ...good, path: 'etc/a.conf', copy: 'files/etc/a.conf' }],
    ['a path with ..', { ...good, path: '/etc/../root/.ssh/authorized_keys', copy: 'files/root/.ssh/authorized_keys' }],
    ['a file without its checksum', { ...good, sha256: undefined }],
  ])('refuses %s', async (_what, entry) => {
    const err = await readManifest(manifestWith([entry])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).exitCode).toBe(EXIT.DATAERR);
    expect((err as Error).message).toMatch(/manifest.json: is not a saferpm.config-backup\/1 manifest \(damaged\?\); refusing to use the backup$/);
  });

  it('says plainly when there is no manifest', async () => {
    await expect(readManifest(tempDir())).rejects.toThrow(/manifest.json: no configuration backup manifest here \(the backup was not made or did not complete\)/);
  });
});
