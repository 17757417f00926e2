/**
 * The installed packages a dnf transaction concerns, read with the real rpm
 * under the root: every installed version of each name in the transaction,
 * and every install-only package. Install-only is saferpm's one reading
 * (src/dnf-config/installonly.ts, the same as the rpm path's: by name or
 * Provides, plus any package that owns a kernel image on disk), not only
 * dnf's: when a configuration cleared installonlypkgs, the kernels must still
 * be recognised as kernels.
 */
import { readdir } from 'node:fs/promises';
import { runCommand } from '../../exec/run.js';
import { resolveInRoot } from '../../fs/rooted.js';
import type { Context } from '../../context.js';
import { classify } from '../../rpm/classify.js';
import type { DnfConfig } from '../../dnf-config/effective.js';
import { installOnlyList, type InstallOnlyConfig } from '../../dnf-config/installonly.js';
import type { RpmPackage } from '../../rpm/package.js';
import { parseQueryOutput, QUERY_FORMAT } from '../../rpm/parse-query.js';
import { queryInstalled, queryWhatProvides, uniquePackages } from '../../rpm/query.js';
import type { InstalledInstallOnly } from './check.js';
import type { DnfTable } from '../resolve/parse-table.js';

export interface InstalledState {
  /** Installed packages with the transaction's names, and every install-only one. */
  before: RpmPackage[];
  installOnly: InstalledInstallOnly[];
  /** The install-only list saferpm used. */
  installOnlyConfig: InstallOnlyConfig;
}

/** The default list, dnf's effective installonlypkgs and the patch plan's installonly_extra. */
export function installOnlyConfigOf(config: DnfConfig, extra: readonly string[] = []): InstallOnlyConfig {
  return installOnlyList(config.installonlypkgs, extra);
}

export async function readInstalled(ctx: Context, config: DnfConfig, t: DnfTable, extra: readonly string[] = []): Promise<InstalledState> {
  const installOnlyConfig = installOnlyConfigOf(config, extra);
  const names = [...new Set(t.items.flatMap((i) => [i.name, ...i.replacing.map((r) => r.name)]))];
  const [sameName, providers, imageOwners] = await Promise.all([
    queryInstalled(ctx.rpm, names),
    queryWhatProvides(ctx.rpm, installOnlyConfig.names),
    kernelImageOwners(ctx),
  ]);
  const before = uniquePackages([...sameName, ...providers, ...imageOwners]);
  const installOnly = before.map((pkg) => ({ pkg, cls: classify(pkg, installOnlyConfig) })).filter((i) => i.cls.installOnly);
  return { before, installOnly, installOnlyConfig };
}

/** Installed packages owning /boot/vmlinuz-* or /lib/modules/V/vmlinuz (third-party kernels without the Provides). */
async function kernelImageOwners(ctx: Context): Promise<RpmPackage[]> {
  const images = [
    ...(await list(ctx.root, '/boot')).filter((n) => n.startsWith('vmlinuz-')).map((n) => `/boot/${n}`),
    ...(await list(ctx.root, '/lib/modules')).map((v) => `/lib/modules/${v}/vmlinuz`),
  ];
  if (images.length === 0) return [];
  const r = await runCommand(ctx.rpm.binary, [...ctx.rpm.globalArgs, '-qf', '--qf', QUERY_FORMAT, '--', ...images], { providedBy: 'rpm' });
  return parseQueryOutput(r.stdout, 'rpm -qf'); // "not owned" and "No such file" lines are not records
}

async function list(root: string, dir: string): Promise<string[]> {
  try {
    return await readdir(await resolveInRoot(root, dir));
  } catch {
    return [];
  }
}
