/**
 * Whether rpm is Debian's (and so accepts --force-debian), from the binary's
 * own text or, behind a wrapper script, from its --help; and where the option
 * goes in an argument vector.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptsForceDebian, withForceDebian } from '../../../src/rpm/debian.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'saferpm-debian-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer, mode = 0o755): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}

describe('Debian rpm detection', () => {
  it('a binary carrying the patch\'s message accepts --force-debian; another does not', async () => {
    const debian = file('rpm-debian', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from('...RPM should not be used directly install RPM packages, use Alien instead!\0...')]));
    const upstream = file('rpm-upstream', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from('...Usage: rpm [OPTION...]\0...')]));
    expect(await acceptsForceDebian(debian)).toBe(true);
    expect(await acceptsForceDebian(upstream)).toBe(false);
  });

  it('behind a wrapper script, rpm --help decides', async () => {
    const yes = file('wrap-yes', '#!/bin/sh\necho "      --force-debian                 force installation of rpm on Debian system"\n');
    const no = file('wrap-no', '#!/bin/sh\necho "      --nodeps                       do not verify package dependencies"\n');
    expect(await acceptsForceDebian(yes)).toBe(true);
    expect(await acceptsForceDebian(no)).toBe(false);
  });

  it('a binary that cannot be found or read accepts nothing', async () => {
    expect(await acceptsForceDebian(path.join(dir, 'missing'))).toBe(false);
  });

  it('--force-debian goes last among the options, before "--", and only once', async () => {
    const debian = file('rpm-debian-2', 'x use Alien instead x', 0o755);
    expect(await withForceDebian(debian, ['-Uvh', '--root', '/r', '--', 'a.rpm'])).toEqual(['-Uvh', '--root', '/r', '--force-debian', '--', 'a.rpm']);
    expect(await withForceDebian(debian, ['-Uvh', '--force-debian', '--', 'a.rpm'])).toEqual(['-Uvh', '--force-debian', '--', 'a.rpm']);
    const upstream = file('rpm-upstream-2', 'plain rpm', 0o755);
    expect(await withForceDebian(upstream, ['-e', '--', 'kernel-1'])).toEqual(['-e', '--', 'kernel-1']);
  });
});
