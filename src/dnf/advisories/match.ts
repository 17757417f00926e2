/**
 * Which advisories the transaction brings in, and whether the machine will
 * need a reboot. An advisory's package entry applies to an incoming package
 * of the same name (and arch, when the entry names one) whose version is at
 * least the entry's, when the entry is newer than every installed version of
 * that name (dnf updateinfo's "updates" reading: the fix is not installed
 * yet, and this package brings it). A reboot is needed when an applying
 * entry has reboot_suggested (libsolv's reading, parse-updateinfo.ts), when a
 * new kernel is installed, or when a package is updated that dnf's
 * needs-restarting names (dnf-plugins-core plugins/needs_restarting.py
 * NEED_REBOOT). Pure.
 */
import { compareEvrStrings } from '../../rpm/evr.js';
import { evrString, type RpmPackage } from '../../rpm/package.js';
import type { TransactionItem } from '../resolve/parse-table.js';
import type { RepoAdvisories } from './repo-cache.js';

export interface AdvisoryMatch {
  id: string;
  type?: string;
  severity?: string;
  cves: string[];
  repo: string;
  /** NAME-EVR.ARCH of the incoming package it applies to. */
  package: string;
  rebootSuggested: boolean;
}

export interface RebootAssessment {
  needed: boolean;
  reasons: string[];
}

/** needs-restarting's NEED_REBOOT (dnf-plugins-core 4.3). */
export const NEED_REBOOT = ['kernel', 'kernel-rt', 'glibc', 'linux-firmware', 'systemd', 'dbus', 'dbus-broker', 'dbus-daemon'];

export function matchAdvisories(items: TransactionItem[], installed: RpmPackage[], repos: RepoAdvisories[]): AdvisoryMatch[] {
  const matches: AdvisoryMatch[] = [];
  for (const item of items.filter((i) => i.action !== 'remove')) {
    const newest = installed.filter((p) => p.name === item.name).map(evrString).sort(compareEvrStrings).at(-1);
    for (const { repo, advisories } of repos) {
      for (const a of advisories) {
        const entries = a.packages.filter((e) => e.name === item.name && (e.arch === undefined || e.arch === item.arch) && applies(e.evr, item.evr, newest));
        if (entries.length === 0 || matches.some((m) => m.id === a.id && m.package === pkgName(item))) continue;
        const m: AdvisoryMatch = { id: a.id, cves: a.cves, repo, package: pkgName(item), rebootSuggested: entries.some((e) => e.rebootSuggested) };
        if (a.type) m.type = a.type;
        if (a.severity) m.severity = a.severity;
        matches.push(m);
      }
    }
  }
  return matches;
}

function applies(entryEvr: string, incomingEvr: string, installedNewest: string | undefined): boolean {
  if (compareEvrStrings(entryEvr, incomingEvr) > 0) return false;
  return installedNewest === undefined ? compareEvrStrings(entryEvr, incomingEvr) === 0 : compareEvrStrings(entryEvr, installedNewest) > 0;
}

function pkgName(i: TransactionItem): string {
  return `${i.name}-${i.evr}.${i.arch}`;
}

export function assessReboot(matches: AdvisoryMatch[], items: TransactionItem[], newKernels: string[]): RebootAssessment {
  const reasons: string[] = [];
  for (const m of matches.filter((x) => x.rebootSuggested)) reasons.push(`advisory ${m.id} suggests a reboot for ${m.package}`);
  if (newKernels.length) reasons.push(`a new kernel is installed (${newKernels.join(', ')}): it runs only after a reboot`);
  const core = items.filter((i) => i.action !== 'remove' && NEED_REBOOT.includes(i.name)).map(pkgName);
  if (core.length) reasons.push(`${core.join(', ')} ${core.length === 1 ? 'is' : 'are'} on dnf needs-restarting's reboot list`);
  return { needed: reasons.length > 0, reasons };
}
