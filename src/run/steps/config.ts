/**
 * Configuration files: every %config file of the packages about to be
 * replaced or erased is copied (mode, owner, times, SHA-256 manifest) into the
 * run's folder before the transaction. A backup that cannot be completed stops
 * the run before anything changes. After it: per file, unchanged / replaced /
 * kept with .rpmnew / removed (src/audit).
 */
import { backupConfigFiles } from '../../audit/config-backup.js';
import { reportConfigChanges } from '../../audit/config-report.js';
import { configBackupDir } from '../../audit/manifest.js';
import type { BackupManifest } from '../../audit/manifest.js';
import { renderConfigReport } from '../../audit/render.js';
import { skipStep, type SafetyStep } from '../state.js';
import { installedFilesAfter, installedFilesBefore } from './installed-files.js';
import type { VerifyResult } from '../../audit/integrity.js';
import { editedNonConfig, verifyBefore } from './verify-before.js';

export function configStep(): SafetyStep {
  let manifest: BackupManifest | undefined;
  return {
    name: 'configuration backup',
    required: true,
    async before(run) {
      const names = [...new Set(run.view.replaced.map((p) => p.name))];
      if (names.length === 0) return skipStep('no installed package is replaced');
      // edited files that are not %config too: rpm overwrites them with no .rpmsave (issue 16, 5)
      const edited = editedNonConfig(await verifyBefore(run).catch(() => ({ files: [] }) as unknown as VerifyResult));
      manifest = await backupConfigFiles({ root: run.ctx.root, rpm: run.ctx.rpm, packages: names, dir: configBackupDir(run.dir), installed: installedFilesBefore(run, names), alsoFiles: edited });
      run.record.audit = { ...run.record.audit, configBackup: { dir: manifest.dir, files: manifest.files.length } };
    },
    async after(run) {
      if (!run.started) return skipStep('the transaction did not start');
      if (!manifest) return skipStep('nothing was backed up before');
      const files = await reportConfigChanges({ root: run.ctx.root, manifest, rpm: run.ctx.rpm, installed: installedFilesAfter(run, manifest.names ?? []) });
      run.record.audit = { ...run.record.audit, configFiles: files };
      const changed = files.filter((f) => f.outcome !== 'unchanged');
      if (changed.length) run.report.push({ rank: 3, title: 'Configuration files', lines: renderConfigReport(files, run.record.id) }); // all saved, so the count says how many were (issue 16, 11)
    },
  };
}
