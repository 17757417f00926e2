/**
 * Kernel classification. A package is install-only by dnf's rule (name or a
 * Provides in the install-only list). A package that ships a kernel image or
 * owns a modules tree is treated as one too even without those Provides:
 * third-party kernels often lack them, and upgrading one in place loses the
 * fallback just the same. A name that merely contains "kernel"
 * (kernel-headers, super_kernel) means nothing by itself.
 */
import { kernelVersionsOf, type RpmPackage } from './package.js';
import type { InstallOnlyConfig } from '../dnf-config/installonly.js';

export interface Classification {
  installOnly: boolean;
  /** Why, in words for the plan ("provides installonlypkg(kernel)"). */
  reason?: string;
  /** Install-only only because of its files: a kernel without the usual Provides. */
  thirdPartyKernel: boolean;
  /** uname -r strings of the kernels it ships. */
  kernelVersions: string[];
}

/** The list as a set, built once per list (classify runs for every package and installed package). */
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
function nameSet(names: readonly string[]): ReadonlySet<string> {
  let set = sets.get(names);
  if (!set) sets.set(names, (set = new Set(names)));
  return set;
}

export function classify(p: Pick<RpmPackage, 'name' | 'provides' | 'files'>, config: InstallOnlyConfig): Classification {
  const list = nameSet(config.names);
  const kernelVersions = kernelVersionsOf(p);
  if (list.has(p.name)) return { installOnly: true, reason: `name ${p.name} is install-only (${config.source})`, thirdPartyKernel: false, kernelVersions };
  const provide = p.provides.find((d) => list.has(d.name));
  if (provide) return { installOnly: true, reason: `provides ${provide.name}`, thirdPartyKernel: false, kernelVersions };
  const image = shipsKernel(p);
  if (image) {
    return {
      installOnly: true,
      reason: `ships ${image} but provides no install-only capability: treated as a kernel (third-party kernel?)`,
      thirdPartyKernel: true,
      kernelVersions,
    };
  }
  return { installOnly: false, thirdPartyKernel: false, kernelVersions };
}

/**
 * A kernel image (/boot/vmlinuz-V, or /lib/modules/V/vmlinuz as Fedora ships
 * it since kernel-install took over /boot), or the modules tree itself
 * (/lib/modules/V as a directory the package owns; a kmod that only drops a
 * file into someone else's tree does not count).
 */
function shipsKernel(p: Pick<RpmPackage, 'files'>): string | undefined {
  for (const f of p.files) {
    if (/^\/boot\/vmlinuz-[^/]+$/.test(f.path)) return f.path;
    if (/^\/(usr\/)?lib\/modules\/[^/]+\/vmlinuz$/.test(f.path)) return f.path;
    if (/^\/(usr\/)?lib\/modules\/[^/]+$/.test(f.path) && (f.mode & 0o170000) === 0o040000) return `${f.path}/`;
  }
  return undefined;
}
