/**
 * --keep-kernels N: which installed kernels to erase after a successful
 * install, like dnf's installonly_limit. Per install-only name the newest N
 * versions are kept, counting the ones just installed; the running kernel and
 * the kernels just installed are never erased. All install-only packages of a
 * chosen version go together (kernel, kernel-core and kernel-modules of one
 * version depend on each other), so rpm -e removes a whole kernel at once.
 */
import { compareEvr } from './evr.js';
import { evrString, nvra, type RpmPackage } from './package.js';
import type { RpmPlanInput, PlannedPackage } from './rpm-plan.js';

export interface EraseSelection {
  nevras: string[];
  /** Why each was chosen, and what was protected. */
  notes: string[];
}

export function planErase(input: RpmPlanInput, planned: PlannedPackage[]): EraseSelection {
  const keep = input.options.keepKernels ?? 0;
  const notes: string[] = [];
  if (keep === 0 || !planned.some((p) => p.action === 'install-beside')) return { nevras: [], notes };
  if (!input.runningKernel) {
    notes.push('the running kernel is unknown (give --running-kernel): no kernel is erased');
    return { nevras: [], notes };
  }
  const incoming = planned.filter((p) => p.action === 'install-beside');
  const installedOnly = input.installed.filter((i) => i.cls.installOnly).map((i) => i.pkg);
  const chosen = new Set<string>(); // "version-release.arch" of the kernels to erase
  for (const name of new Set(incoming.map((p) => p.name))) {
    const versions = installedOnly.filter((p) => p.name === name).sort(compareEvr);
    let surplus = versions.length + incoming.filter((p) => p.name === name).length - keep;
    for (const p of versions) {
      if (surplus <= 0) break;
      if (isRunning(p, input.runningKernel)) {
        notes.push(`${name}-${evrString(p)} is the running kernel: kept`);
        continue;
      }
      chosen.add(vrKey(p));
      surplus--;
    }
  }
  const nevras = installedOnly.filter((p) => chosen.has(vrKey(p))).map(nvra).sort();
  if (nevras.length) notes.push(`erase after a successful install: ${nevras.join(', ')}`);
  return { nevras, notes };
}

function vrKey(p: RpmPackage): string {
  return `${p.version}-${p.release}.${p.arch}`;
}

/** The running kernel's packages: those whose files carry its uname -r. */
export function isRunning(p: RpmPackage, running: string | undefined): boolean {
  if (!running) return false;
  if (vrKey(p) === running) return true;
  return p.files.some((f) => f.path === `/boot/vmlinuz-${running}` || f.path.startsWith(`/lib/modules/${running}/`) || f.path === `/lib/modules/${running}`);
}
