/** saferpm shim install | status | remove: the opt-in rpm shim (docs/shim.md). */
import type { Output } from '../output/output.js';
import { EXIT } from '../errors.js';
import { VERSION } from '../version.js';
import { installShim } from '../shim/install.js';
import { removeShim } from '../shim/remove.js';
import { saferpmCommand } from '../shim/self.js';
import { renderShimStatus, shimStatus } from '../shim/status.js';

export interface ShimInstallOptions {
  prefix: string;
  rpm: string;
  force: boolean;
  /** The saferpm command the shim runs (default: this saferpm). */
  saferpm?: string[];
  /** The PATH to judge 'active' by (default: this process's). */
  path?: string;
}

export async function shimInstall(o: ShimInstallOptions, out: Output): Promise<number> {
  const r = await installShim({ prefix: o.prefix, realRpm: o.rpm, saferpm: o.saferpm ?? saferpmCommand(), force: o.force, version: VERSION });
  if (r.backedUp) out.info(`kept the file that was at ${r.target} as ${r.backedUp}; 'saferpm shim remove' puts it back`);
  out.out(r.action === 'unchanged' ? `rpm shim already installed at ${r.target}` : `${r.action} the rpm shim at ${r.target} (real rpm: ${r.spec.realRpm})`);
  const status = shimStatus(o.prefix, o.path ?? process.env.PATH ?? '');
  if (!status.active) {
    out.warn(renderShimStatus(status).at(-1)?.replace(/^\s*PATH:\s*/, '') ?? 'the shim is not first on PATH');
    out.info("scripts run by sudo (secure_path) and cron get their own PATH; see 'man saferpm' (THE RPM SHIM)");
  }
  return EXIT.OK;
}

export interface ShimStatusOptions {
  prefix: string;
  path?: string;
}

/** Exit 0 when the shim is installed and this PATH runs it; 1 when not. */
export async function shimStatusCommand(o: ShimStatusOptions, out: Output): Promise<number> {
  const status = shimStatus(o.prefix, o.path ?? process.env.PATH ?? '');
  out.out(renderShimStatus(status).join('\n'));
  return status.active && status.shim?.realRpmOk && status.shim.saferpmOk ? EXIT.OK : 1;
}

export interface ShimRemoveOptions {
  prefix: string;
}

export async function shimRemove(o: ShimRemoveOptions, out: Output): Promise<number> {
  const r = await removeShim(o.prefix);
  if (r.action === 'absent') out.out(`no rpm shim at ${r.target}; nothing to remove`);
  else if (r.action === 'restored') out.out(`removed the rpm shim and put back the file that was at ${r.target}`);
  else out.out(`removed the rpm shim ${r.target}`);
  return EXIT.OK;
}
