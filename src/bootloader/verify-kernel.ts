/**
 * Is the new kernel image the one its package installed? A vmlinuz cut short
 * (a full /boot, an interrupted copy) is not empty, so a size check passes,
 * but the boot loader loads half a kernel. rpm keeps each file's size and
 * digest: `rpm -V -f FILE` (rpm(8), VERIFY OPTIONS) compares them, S for the
 * size and 5 for the digest. On RHEL 8 and later the packaged image is
 * /lib/modules/<version>/vmlinuz and /boot/vmlinuz-<version> is a %ghost copy
 * made by kernel-install (rpm does not check a ghost's contents), so the copy
 * is compared with the packaged image byte for byte.
 */
import { readFile } from 'node:fs/promises';
import { runCommand } from '../exec/run.js';
import { statRooted } from '../fs/rooted.js';
import { parseVerifyOutput, type VerifyEntry } from '../audit/verify.js';
import { lookupAsLinux } from './boot-files.js';

export interface KernelImageVerdict {
  status: 'ok' | 'differs' | 'unverified';
  finding: string;
}

const RPMDB = ['/var/lib/rpm', '/usr/lib/sysimage/rpm'];

async function hasRpmDb(root: string): Promise<boolean> {
  for (const d of RPMDB) if ((await statRooted(root, d).catch(() => undefined))?.isDirectory()) return true;
  return false;
}

async function rpmVerify(root: string, file: string): Promise<KernelImageVerdict | undefined> {
  if (!(await hasRpmDb(root))) return undefined;
  const args = [...(root === '/' ? [] : ['--root', root]), '-V', '--nodeps', '--noscripts', '-f', file];
  const r = await runCommand('rpm', args, { providedBy: 'rpm' }).catch(() => undefined);
  if (!r || /is not owned by any package/.test(r.stderr)) return undefined;
  const entry = parseVerifyOutput(r.stdout).entries.find((e) => e.path === file);
  if (r.exitCode !== 0 && !entry && r.stdout.trim() === '' && r.stderr.trim() !== '') return undefined;
  return verdictOfVerifyLine(file, entry);
}

/**
 * The verdict from rpm -V's line about the image (none: nothing differs) of a
 * package that owns it; undefined for a %ghost copy, whose contents rpm does
 * not check. Also used with a run's own rpm -V of the package (run/steps/verify-after.ts).
 */
export function verdictOfVerifyLine(file: string, entry: Pick<VerifyEntry, 'marker' | 'differs'> | undefined): KernelImageVerdict | undefined {
  const bad = entry?.differs.filter((d) => d === 'size' || d === 'digest') ?? [];
  if (entry?.marker === 'ghost') return undefined;
  if (bad.length) {
    return { status: 'differs', finding: `${file}: 'rpm -V -f ${file}' says its ${bad.join(' and ')} differ from the rpm database (truncated or overwritten): the boot loader would load a broken kernel; reinstall the kernel package` };
  }
  return { status: 'ok', finding: `rpm -V -f ${file}: size and digest match the rpm database` };
}

async function sameAsPackaged(root: string, file: string, version: string): Promise<KernelImageVerdict | undefined> {
  for (const dir of ['/lib/modules', '/usr/lib/modules']) {
    const packaged = `${dir}/${version}/vmlinuz`;
    const p = await lookupAsLinux(root, packaged);
    if (!p.exists || p.isDirectory) continue;
    const [a, b] = await Promise.all([readFile((await lookupAsLinux(root, file)).host), readFile(p.host)]);
    if (a.equals(b)) return { status: 'ok', finding: `${file} is byte for byte the packaged ${packaged}` };
    return { status: 'differs', finding: `${file} (${a.length} bytes) differs from the packaged ${packaged} (${b.length} bytes): truncated or overwritten; the boot loader would load a broken kernel; run 'kernel-install add ${version} ${packaged}'` };
  }
  return undefined;
}

/**
 * What rpm -V already said about an image this run verified (the verdict;
 * undefined for a %ghost copy), or 'ask-rpm' to run `rpm -V -f` here.
 */
export type KnownImageVerdict = (file: string) => Promise<KernelImageVerdict | undefined | 'ask-rpm'>;

export async function verifyKernelImage(root: string, file: string, version: string | undefined, known?: KnownImageVerdict): Promise<KernelImageVerdict> {
  const said = known ? await known(file).catch(() => 'ask-rpm' as const) : 'ask-rpm';
  const byRpm = said === 'ask-rpm' ? await rpmVerify(root, file) : said;
  if (byRpm?.status === 'differs') return byRpm;
  const byCopy = version ? await sameAsPackaged(root, file, version) : undefined;
  if (byCopy) return byCopy;
  return byRpm ?? { status: 'unverified', finding: `${file} is not in the rpm database (no package owns it, or no database under the root): its contents were not verified` };
}
