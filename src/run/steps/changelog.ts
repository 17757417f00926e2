/** --changelog: "read the documentation before applying", shown before anything runs and kept in the report. */
import { changelogsBetween } from '../../audit/changelog.js';
import { renderChangelogs } from '../../audit/render.js';
import { evrString } from '../../rpm/package.js';
import type { SafetyStep } from '../state.js';

export function changelogStep(): SafetyStep {
  return {
    name: 'changelogs',
    required: false,
    async before(run) {
      if (!run.options.changelog) return;
      const requests = run.view.incoming.flatMap((p) => {
        const installed = run.view.before.filter((b) => b.name === p.name).map(evrString);
        const newest = installed.sort().at(-1);
        return p.file && newest ? [{ packageFile: p.file, installedEvr: newest }] : [];
      });
      const logs = await changelogsBetween(run.ctx.rpm, requests);
      run.record.audit = { ...run.record.audit, changelogs: logs };
      const text = renderChangelogs(logs);
      if (text.length) run.out.out(text.join('\n'));
    },
  };
}
