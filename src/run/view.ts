/** What both drivers' transaction views (src/run/state.ts TransactionView) work out alike. */
import type { IncomingPackage } from './state.js';

/** Names of the install-only packages among those installed before and those coming in: every installed kernel of these names is looked for after the run. */
export function kernelNamesOf(installedInstallOnly: readonly { name: string }[], incoming: readonly IncomingPackage[]): string[] {
  return [...new Set([...installedInstallOnly.map((p) => p.name), ...incoming.filter((i) => i.installOnly).map((i) => i.name)])];
}
