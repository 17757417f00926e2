/**
 * The transaction view of a dnf transaction for the shared run pipeline
 * (src/run/state.ts): the installed packages it replaces or erases (config
 * backup, standby copies, rpm -V), the incoming packages with versions (no
 * package files: dnf downloads them itself, see docs/dnf.md), and the names
 * to record before and after; changelogs come from the repositories'
 * metadata (changelogs.ts), given as the loader.
 */
import type { ChangelogLoader, IncomingPackage, TransactionView } from '../../run/state.js';
import { kernelNamesOf } from '../../run/view.js';
import { erasedBy, incomingKernelVersions } from '../../dnf/kernels/check.js';
import type { InstalledState } from '../../dnf/kernels/installed.js';
import type { DnfTable, TransactionItem } from '../../dnf/resolve/parse-table.js';

export function dnfTransactionView(t: DnfTable, installed: InstalledState, changelogs?: ChangelogLoader): TransactionView {
  const reinstalled = (p: { name: string; arch: string; version: string; release: string }) =>
    t.items.some((i) => i.action === 'reinstall' && i.name === p.name && i.arch === p.arch && i.evr.replace(/^\d+:/, '') === `${p.version}-${p.release}`);
  const replaced = installed.before.filter((p) => erasedBy(t, p) || reinstalled(p));
  const incoming = t.items.filter((i) => i.action !== 'remove').map((i) => incomingOf(i, installed));
  const kernelNames = kernelNamesOf(installed.installOnly.map((i) => i.pkg), incoming);
  return {
    replaced,
    incoming,
    before: installed.before,
    names: [...new Set([...t.items.flatMap((i) => [i.name, ...i.replacing.map((r) => r.name)]), ...installed.before.map((p) => p.name)])],
    installOnlyNames: installed.installOnlyConfig.names,
    kernelNames,
    ...(changelogs ? { changelogs } : {}),
  };
}

/** Install-only when saferpm counts its name as such, or when dnf installs it beside an installed version. */
function incomingOf(i: TransactionItem, installed: InstalledState): IncomingPackage {
  const installOnly = installed.installOnly.some((m) => m.pkg.name === i.name)
    || installed.installOnlyConfig.names.includes(i.name)
    || (i.action === 'install' && installed.before.some((p) => p.name === i.name));
  return { name: i.name, arch: i.arch, evr: i.evr, installOnly, kernelVersions: incomingKernelVersions(i, installed.installOnly) };
}
