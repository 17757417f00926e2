import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { createRunDir, newRecord, saveRecord } from '../../src/record/store.js';
import type { RunRecord } from '../../src/record/types.js';
import { ensureStateDirs, statePaths } from '../../src/state/dirs.js';
import { FIXTURES } from '../helpers/paths.js';
import { saferpm, tempRoot } from '../helpers/roots.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, 'recovery/notes', `${name}.json`), 'utf8')) as Record<string, unknown>;

/** A root with one run record made from a note fixture (its boot section as the record's boot field). */
async function rootWithRun(name = 'grub2-bls-new-kernel-default', id = '20261127T140512Z-3f9a1c'): Promise<{ root: string; record: RunRecord }> {
  const root = tempRoot();
  const f = fixture(name);
  const paths = await statePaths(root);
  await ensureStateDirs(paths);
  await createRunDir(paths, id);
  const record = newRecord({ id, tool: 'rpm', root, commandLine: String(f.commandLine).split(' ').slice(1) });
  Object.assign(record, { status: 'succeeded', host: f.host, user: f.user, startedAt: f.startedAt, runningKernel: f.runningKernel, packages: f.packages, boot: f.boot });
  await saveRecord(paths, record);
  return { root, record };
}

const at = (root: string, p: string): string => path.join(root, p);

describe('saferpm note', () => {
  it('writes the note at the documented paths and prints them', async () => {
    const { root } = await rootWithRun();
    const r = await saferpm(['note', '--root', root]);
    expect(r.exitCode).toBe(EXIT.OK);
    const own = at(root, 'var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt');
    expect(r.stdout.split('\n')).toEqual([
      'recovery note for run 20261127T140512Z-3f9a1c:',
      `  ${own}`,
      `  ${at(root, 'var/lib/saferpm/RECOVERY.txt')} (latest)`,
      `  ${at(root, 'boot/saferpm-recovery.txt')} (short copy on /boot)`,
    ]);
    const note = readFileSync(own, 'utf8');
    expect(readFileSync(at(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8')).toBe(note);
    expect(note).toContain('grub2-set-default 0123456789abcdef0123456789abcdef-6.1.10-1.x86_64');
    expect(note).toContain('NO PATCH PLAN');
    expect(r.stderr).toContain("no patch plan (/etc/saferpm/plan.toml)");
    expect(readFileSync(at(root, 'boot/saferpm-recovery.txt'), 'utf8')).toContain('Known-good kernel: 6.1.10-1.x86_64. New: 6.1.12-1.x86_64.');
  });

  it('puts the plan contacts in the note; --run picks an older run', async () => {
    const { root } = await rootWithRun('lilo-default-label', '20261120T100000Z-aaaaaa');
    const paths = await statePaths(root);
    await createRunDir(paths, '20261127T140512Z-bbbbbb');
    await saveRecord(paths, newRecord({ id: '20261127T140512Z-bbbbbb', tool: 'rpm', root, commandLine: ['-q', 'bash'] }));
    mkdirSync(at(root, 'etc/saferpm'));
    copyFileSync(path.join(FIXTURES, 'recovery/plans/complete.toml'), at(root, 'etc/saferpm/plan.toml'));
    chmodSync(at(root, 'etc/saferpm/plan.toml'), 0o644);
    const r = await saferpm(['note', '--root', root, '--run', '20261120T100000Z-aaaaaa']);
    expect(r.exitCode).toBe(EXIT.OK);
    const note = readFileSync(at(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8');
    expect(note).toContain('Run:        20261120T100000Z-aaaaaa');
    expect(note).toContain('/sbin/lilo -R linux-old');
    expect(note).toContain('Primary:    Alice Admin, +1 555 0100, alice@example.com');
  });

  it('an invalid plan does not stop the note: the note names the problem', async () => {
    const { root } = await rootWithRun();
    mkdirSync(at(root, 'etc/saferpm'));
    copyFileSync(path.join(FIXTURES, 'recovery/plans/keep-one-kernel.toml'), at(root, 'etc/saferpm/plan.toml'));
    chmodSync(at(root, 'etc/saferpm/plan.toml'), 0o644);
    const r = await saferpm(['note', '--root', root]);
    expect(r.exitCode).toBe(EXIT.OK);
    expect(readFileSync(at(root, 'var/lib/saferpm/RECOVERY.txt'), 'utf8')).toContain('THE PATCH PLAN COULD NOT BE READ:');
  });

  it('no run record: exit 66 with what to do', async () => {
    const r = await saferpm(['note', '--root', tempRoot()]);
    expect(r.exitCode).toBe(EXIT.NOINPUT);
    expect(r.stderr).toContain('no run records under');
  });

  it('no /boot: the note is still written and the missing short copy is reported', async () => {
    const { root } = await rootWithRun();
    execFileSync('rmdir', [at(root, 'boot')]);
    const r = await saferpm(['note', '--root', root]);
    expect(r.exitCode).toBe(EXIT.OK);
    expect(existsSync(at(root, 'var/lib/saferpm/RECOVERY.txt'))).toBe(true);
    expect(r.stderr).toContain('saferpm: warning: /boot is not a directory here; no short copy written');
  });
});

describe('saferpm note: atomicity and a full disk', () => {
  it('killed between write and rename: RECOVERY.txt is still the old note, whole', async () => {
    const { root } = await rootWithRun();
    const latest = at(root, 'var/lib/saferpm/RECOVERY.txt');
    writeFileSync(latest, 'the previous note\n', { mode: 0o600 });
    const r = await saferpm(['note', '--root', root], { env: { SAFERPM_FAULT: 'before-rename:RECOVERY.txt' } });
    expect(r.exitCode).not.toBe(0);
    expect(readFileSync(latest, 'utf8')).toBe('the previous note\n');
    // the run's own note was renamed into place before the fault: complete, not torn
    expect(readFileSync(at(root, 'var/lib/saferpm/notes/20261127T140512Z-3f9a1c.txt'), 'utf8')).toMatch(/SAFERPM RECOVERY NOTE[\s\S]*CONTACTS AND BACKUPS[\s\S]*\n$/);
  });

  it('no space left for the notes: a clear error naming the file, and no note in place', async () => {
    const { root } = await rootWithRun();
    const notes = at(root, 'var/lib/saferpm/notes');
    const full = fillDirectory(notes);
    const r = await saferpm(['note', '--root', root]);
    expect(r.exitCode).toBe(full.exit);
    expect(r.stderr).toContain(`${notes}/20261127T140512Z-3f9a1c.txt: cannot write: ${full.message}`);
    expect(readdirSync(notes).filter((n) => n.endsWith('.txt'))).toEqual([]);
  });
});

/**
 * As root (CI): a 16 KiB tmpfs over the folder, filled up, gives the real
 * ENOSPC. Otherwise a folder without write permission gives EACCES.
 */
function fillDirectory(dir: string): { message: string; exit: number } {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    onTestFinished(() => chmodSync(dir, 0o700));
    return { message: 'permission denied', exit: EXIT.CANTCREAT };
  }
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', dir]);
  onTestFinished(() => {
    execFileSync('umount', [dir]);
  });
  try {
    writeFileSync(path.join(dir, 'filler'), Buffer.alloc(64 * 1024));
  } catch {
    /* ENOSPC: full, as wanted */
  }
  return { message: 'no space left on the file system', exit: EXIT.IOERR };
}
