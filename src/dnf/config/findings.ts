/**
 * Configuration that silently removes dnf's kernel protection, found before
 * any transaction: installonly_limit off or rejected, installonlypkgs
 * without the kernel names, excludes, includepkgs or a versionlock that hide
 * kernels (no new kernel, so no security fixes, ever), and
 * protect_running_kernel=False. Pure.
 */
import { DEFAULT_INSTALLONLY } from '../../dnf-config/installonly.js';
import type { DnfConfig, Setting } from '../../dnf-config/effective.js';
import { warn, type Finding } from '../findings.js';
import { globMatch } from './glob.js';
import type { VersionLock } from './versionlock.js';

/** A kernel package the patterns are checked against: its name and its name-version-release.arch. */
export interface KernelName {
  name: string;
  nevra?: string;
}

/** The names checked even when no kernel is installed yet. */
const KERNEL_NAMES = ['kernel', 'kernel-core'];

export function configFindings(config: DnfConfig, kernels: KernelName[], lock?: VersionLock): Finding[] {
  const all = [...KERNEL_NAMES.map((name) => ({ name })), ...kernels];
  return [
    ...config.problems.map((p) => warn('config-value-rejected', p)),
    ...limitFindings(config),
    ...installonlyFindings(config),
    ...excludeFindings(config.excludes, all, 'exclude'),
    ...config.repoExcludes.filter((r) => r.enabled).flatMap((r) => excludeFindings([{ value: r.pattern, source: r.source }], all, `exclude in repository ${r.repo}`)),
    ...includeFindings(config.includes),
    ...(lock ? lockFindings(lock, all) : []),
    ...(config.protectRunningKernel.value ? [] : [warn('running-kernel-unprotected', `protect_running_kernel=False (${config.protectRunningKernel.source}): dnf may erase the running kernel`)]),
  ];
}

function limitFindings(config: DnfConfig): Finding[] {
  const { value, source } = config.installonlyLimit;
  if (value === 0) return [warn('installonly-limit-off', `installonly_limit=0 (${source}): dnf never erases old kernels, so /boot fills up until a kernel cannot be installed`)];
  return [];
}

function installonlyFindings(config: DnfConfig): Finding[] {
  const { value, source } = config.installonlypkgs;
  const missing = DEFAULT_INSTALLONLY.filter((d) => !value.includes(d));
  if (missing.length === 0) return [];
  return [warn('installonlypkgs-cleared', `installonlypkgs (${source}) lacks ${missing.join(', ')}: dnf upgrades such kernels in place and erases the one that boots now`)];
}

function excludeFindings(patterns: Setting<string>[], kernels: KernelName[], what: string): Finding[] {
  return patterns.flatMap(({ value, source }) => {
    const hidden = hiddenBy(value, kernels);
    return hidden.length ? [warn('exclude-hides-kernels', `${what} '${value}' (${source}) hides ${hidden.join(', ')} from dnf: no new kernel (and no kernel security fix) is installed`)] : [];
  });
}

function includeFindings(includes: Setting<string>[]): Finding[] {
  if (includes.length === 0) return [];
  if (includes.some((i) => KERNEL_NAMES.some((k) => globMatch(i.value, k)))) return [];
  const first = includes[0] as Setting<string>;
  return [warn('include-hides-kernels', `includepkgs (${first.source}) does not include kernel: dnf sees no kernel package at all`)];
}

function lockFindings(lock: VersionLock, kernels: KernelName[]): Finding[] {
  return lock.entries.flatMap((e) => {
    const hidden = e.exclude ? hiddenBy(e.pattern, kernels) : [...new Set(kernels.filter((k) => globMatch(e.name, k.name)).map((k) => k.name))];
    if (hidden.length === 0) return [];
    const what = e.exclude ? `excludes '${e.pattern}'` : `locks ${e.name} to ${e.pattern.slice(e.name.length + 1)}`;
    return [warn('versionlock-hides-kernels', `versionlock (${lock.file}:${e.line}) ${what}: dnf hides every other version of ${hidden.join(', ')}`)];
  });
}

/** Names of the kernel packages a dnf exclude pattern matches (by name or by name-version-release.arch). */
function hiddenBy(pattern: string, kernels: KernelName[]): string[] {
  const hit = kernels.filter((k) => globMatch(pattern, k.name) || (k.nevra !== undefined && globMatch(pattern, k.nevra)));
  return [...new Set(hit.map((k) => k.name))];
}
