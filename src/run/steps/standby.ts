/**
 * "Have the current version on standby": before a package is replaced, find a
 * copy of the installed version's package file (the plan's standby_dirs, the
 * dnf/yum caches under the root). Every package without one is reported; with
 * --require-standby or the plan's require_standby, the run stops here.
 */
import { RefusedError } from '../../errors.js';
import { findStandbyCopies, standbyKey } from '../../recovery/standby/find.js';
import { skipStep, warnStep, type SafetyStep } from '../state.js';

export function standbyStep(): SafetyStep {
  return {
    name: 'standby copies',
    required: true,
    async before(run) {
      const replaced = run.view.replaced;
      if (replaced.length === 0) return skipStep('no installed package is replaced');
      const { found, digests, refused } = await findStandbyCopies({ root: run.ctx.root, packages: replaced, dirs: run.policy.standbyDirs, rpm: run.ctx.rpm });
      const standby: Record<string, string | null> = {};
      for (const p of replaced) standby[standbyKey(p)] = found.get(standbyKey(p)) ?? null;
      run.record.audit = { ...run.record.audit, standby };
      run.record.audit = { ...run.record.audit, standbyDigests: digests };
      for (const r of refused) {
        const msg = `standby folder ${r.inRoot} not searched: ${r.reason} (root would install what another user put there)`;
        run.record.warnings.push(msg);
        run.out.warn(msg);
      }
      const missing = Object.keys(standby).filter((k) => standby[k] === null);
      if (missing.length === 0) return undefined;
      const list = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
      if (run.options.requireStandby) {
        throw new RefusedError(`no standby copy of the installed ${list}; nothing was changed (--require-standby / require_standby)`, `put the package files of the installed versions into a standby_dirs folder of ${'/etc/saferpm/plan.toml'}, e.g. 'dnf download --destdir DIR NAME-VERSION'`);
      }
      const msg = `no standby copy of the installed ${list}: a downgrade would need the package from elsewhere`;
      run.record.warnings.push(msg);
      run.out.warn(msg);
      return warnStep(`no standby copy of ${missing.length} of ${replaced.length} replaced packages`);
    },
  };
}
