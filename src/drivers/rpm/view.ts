/** The transaction view of an rpm plan: what it replaces, erases and brings in. */
import { kernelVersionsOf } from '../../rpm/package.js';
import type { Prepared } from './prepare.js';
import type { IncomingPackage, TransactionView } from '../../run/state.js';
import { kernelNamesOf } from '../../run/view.js';

export function rpmTransactionView(prepared: Prepared): TransactionView {
  const { plan } = prepared;
  const headers = new Map(prepared.packages.map((p) => [p.file, p]));
  const incoming: IncomingPackage[] = plan.packages.filter((p) => p.action !== 'skip').map((p) => {
    const header = headers.get(p.file);
    const i: IncomingPackage = { name: p.name, arch: p.arch, evr: p.evr, installOnly: p.installOnly, file: p.file, kernelVersions: header ? kernelVersionsOf(header) : [] };
    if (header) i.header = header;
    return i;
  });
  // -U of an ordinary package replaces every installed version of its name; -i (kernels) replaces none;
  // the erase step removes the surplus kernels.
  const upgraded = new Set(plan.mode === 'install' ? [] : plan.packages.filter((p) => p.action === 'as-asked').map((p) => p.name));
  const erased = new Set(plan.erase.nevras);
  const before = prepared.installed.map((i) => i.pkg);
  const replaced = before.filter((p) => upgraded.has(p.name) || erased.has(`${p.name}-${p.version}-${p.release}.${p.arch}`));
  const kernelNames = kernelNamesOf(prepared.installed.filter((i) => i.cls.installOnly).map((i) => i.pkg), incoming);
  return {
    replaced,
    incoming,
    before,
    names: [...new Set([...incoming.map((p) => p.name), ...before.map((p) => p.name)])],
    installOnlyNames: prepared.installOnly.names,
    kernelNames,
  };
}
