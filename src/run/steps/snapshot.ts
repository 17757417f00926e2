/**
 * Processes, listening ports and services before and after the transaction
 * (src/snapshot), saved with the run with their ps -ef / netstat -an text
 * forms, and the diff with each change's package where one of this run's
 * packages owns the executable or unit file.
 */
import path from 'node:path';
import { takeSnapshot } from '../../snapshot/take.js';
import { diffSnapshots } from '../../snapshot/diff.js';
import { renderNetstat, renderPsEf, renderSnapshotDiff } from '../../snapshot/render.js';
import type { Snapshot } from '../../snapshot/model.js';
import { withFileLists } from '../../rpm/query.js';
import { writeFileAtomic } from '../../state/atomic.js';
import { skipStep, type RunState, type SafetyStep } from '../state.js';

export function snapshotStep(): SafetyStep {
  let before: Snapshot | undefined;
  let taking: Promise<Snapshot> | undefined;
  return {
    name: 'snapshot of processes, ports and services',
    required: false,
    startBefore(run) {
      // beside the standby search (which may hash many package files); saferpm's own rpm
      // processes are left out of it (take.ts: saferpm and its descendants)
      taking = takeSnapshot({ root: run.ctx.root });
      taking.catch(() => undefined); // a failure is reported by before()
    },
    async before(run) {
      before = await (taking ?? takeSnapshot({ root: run.ctx.root }));
      taking = undefined;
      await save(run, 'before', before);
    },
    startAfter(run) {
      if (!before || !run.started) return;
      taking = takeSnapshot({ root: run.ctx.root });
      taking.catch(() => undefined); // a failure is reported by after()
    },
    async after(run) {
      if (!run.started) return skipStep('the transaction did not start');
      if (!before) return skipStep('no snapshot before the transaction');
      const after = await (taking ?? takeSnapshot({ root: run.ctx.root }));
      await save(run, 'after', after);
      const diff = diffSnapshots(before, after, { ownerOf: await ownerIndex(run, [before, after]) });
      run.record.audit = { ...run.record.audit, snapshotDiff: diff };
      const text = renderSnapshotDiff(diff).trimEnd();
      if (text) run.report.push({ rank: 2, title: 'Services, ports and processes', lines: text.split('\n') });
    },
  };
}

async function save(run: RunState, when: 'before' | 'after', s: Snapshot): Promise<void> {
  await writeFileAtomic(path.join(run.dir, `snapshot-${when}.json`), JSON.stringify(s) + '\n');
  await writeFileAtomic(path.join(run.dir, `ps-${when}.txt`), renderPsEf(s));
  await writeFileAtomic(path.join(run.dir, `netstat-${when}.txt`), renderNetstat(s));
}

/**
 * Which incoming package ships a path (from the headers saferpm read). Past a
 * handful of package files the headers were read without most file lists
 * (drivers/rpm/prepare.ts, rpm/query.ts fileListsFor): those of the packages with a
 * file in the folder of a running executable are read here, in one rpm
 * process; without them, a process simply names no package.
 */
async function ownerIndex(run: RunState, snapshots: Snapshot[]): Promise<(p: string) => string | undefined> {
  const exeDirs = new Set(snapshots.flatMap((s) => s.processes.flatMap((p) => (p.exe ? [`${path.posix.dirname(p.exe)}/`] : []))));
  let headers = run.view.incoming.flatMap((i) => (i.header ? [i.header] : []));
  try {
    headers = await withFileLists(run.ctx.rpm, headers, (h) => Boolean(h.fileDirs?.some((d) => exeDirs.has(d))));
  } catch {
    // a package file removed since the run began: its processes name no package
  }
  const owners = new Map<string, string>();
  for (const h of headers) for (const f of h.files) owners.set(f.path, h.name);
  return (p) => owners.get(p);
}
