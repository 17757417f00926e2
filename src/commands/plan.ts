/** saferpm plan init | check: write the commented template; validate and list what is missing. */
import path from 'node:path';
import type { Output } from '../output/output.js';
import { EXIT, SaferpmError, StateError } from '../errors.js';
import { resolveInRoot, statRooted } from '../fs/rooted.js';
import { quoteArg } from '../exec/run.js';
import { writeFileAtomic } from '../state/atomic.js';
import { ensureSecureDir } from '../state/dirs.js';
import { checkPlanText, readPlanFile } from '../recovery/patch-plan/file.js';
import { missingFromPlan } from '../recovery/patch-plan/missing.js';
import { PLAN_PATH } from '../recovery/patch-plan/model.js';
import { planTemplate } from '../recovery/patch-plan/template.js';

export interface PlanInitOptions {
  root: string;
  force?: boolean;
}

export async function planInit(o: PlanInitOptions, out: Output): Promise<number> {
  const file = await resolveInRoot(o.root, PLAN_PATH);
  if (!o.force && (await statRooted(o.root, PLAN_PATH))) {
    throw new StateError(file, 'a plan already exists; not overwritten', EXIT.CANTCREAT, `check it with 'saferpm plan check${rootArg(o.root)}', or replace it with 'saferpm plan init --force${rootArg(o.root)}'`);
  }
  await ensureSecureDir(path.dirname(file), 0o755);
  await writeFileAtomic(file, planTemplate(), { mode: 0o644 });
  out.out(`wrote ${file}`);
  out.info(`fill in the contacts, recovery and testing sections, then run 'saferpm plan check${rootArg(o.root)}'`);
  return EXIT.OK;
}

export interface PlanCheckOptions {
  root: string;
}

export async function planCheck(o: PlanCheckOptions, out: Output): Promise<number> {
  const read = await readPlanFile(o.root);
  if (read === undefined) {
    const file = await resolveInRoot(o.root, PLAN_PATH);
    throw new SaferpmError(`${file}: no patch plan on this machine`, EXIT.NOINPUT, `write the template with 'saferpm plan init${rootArg(o.root)}', then fill it in`);
  }
  const { host: file, text } = read;
  const { plan, problems } = checkPlanText(text, PLAN_PATH);
  for (const p of problems) out.error(`${file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  if (problems.length > 0 || !plan) {
    out.info(`${problems.length} problem${problems.length === 1 ? '' : 's'}; fix them and run 'saferpm plan check${rootArg(o.root)}' again`);
    return EXIT.CONFIG;
  }
  const missing = missingFromPlan(plan);
  out.out(`${file}: valid`);
  if (missing.length > 0) out.out(['still missing:', ...missing.map((m) => `  - ${m}`)].join('\n'));
  return EXIT.OK;
}

function rootArg(root: string): string {
  return root === '/' ? '' : ` --root ${quoteArg(root)}`;
}
