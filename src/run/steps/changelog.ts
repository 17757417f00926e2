/** --changelog: "read the documentation before applying", shown before anything runs and kept in the report. */
import { changelogsBetween } from '../../audit/changelog.js';
import { renderChangelogs } from '../../audit/render.js';
import type { Output } from '../../output/output.js';
import { compareEvrStrings } from '../../rpm/evr.js';
import { evrString } from '../../rpm/package.js';
import type { RpmInvocation } from '../../rpm/query.js';
import { skipStep, warnStep, type ChangelogQuery, type ChangelogRead, type SafetyStep, type TransactionView } from '../state.js';

export function changelogStep(): SafetyStep {
  return {
    name: 'changelogs',
    required: false,
    async before(run) {
      if (!run.options.changelog) return skipStep('not asked for (--changelog)');
      const read = await readChangelogs(run.view, run.ctx.rpm);
      run.record.audit = { ...run.record.audit, changelogs: read.logs };
      run.record.warnings.push(...read.problems);
      showChangelogs(run.out, read);
      if (read.problems.length) return warnStep(read.problems.length === 1 ? (read.problems[0] as string) : `${read.problems.length} changelogs could not be read`);
      return undefined;
    },
  };
}

/**
 * The entries of the incoming packages newer than the installed versions: read
 * by the view's own loader (dnf: repository metadata), else from the package files.
 */
export async function readChangelogs(view: TransactionView, rpm: RpmInvocation): Promise<ChangelogRead> {
  const queries = changelogQueries(view);
  if (view.changelogs) return view.changelogs(queries);
  const requests = queries.flatMap((q) => (q.incoming.file ? [{ packageFile: q.incoming.file, installedEvr: q.installedEvr }] : []));
  return { logs: await changelogsBetween(rpm, requests), problems: [] };
}

export function showChangelogs(out: Output, read: ChangelogRead): void {
  for (const p of read.problems) out.warn(p);
  const text = renderChangelogs(read.logs);
  if (text.length) out.out(text.join('\n'));
}

/** Each incoming package with an installed version of its name, against the newest of them. */
function changelogQueries(view: TransactionView): ChangelogQuery[] {
  return view.incoming.flatMap((incoming) => {
    const installed = view.before.filter((b) => b.name === incoming.name).map(evrString);
    const newest = installed.sort(compareEvrStrings).at(-1);
    return newest ? [{ incoming, installedEvr: newest }] : [];
  });
}
