/**
 * Writes every generated document into one folder: the man page, the bash and
 * zsh completions, and the default plan.toml (the template 'saferpm plan init'
 * writes), for scripts/package.mjs to put into the RPM.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../state/atomic.js';
import { planTemplate } from '../recovery/patch-plan/template.js';
import { saferpmModel } from './model.js';
import { renderManPage } from './man.js';
import { renderBashCompletion } from './bash.js';
import { renderZshCompletion } from './zsh.js';

/** File names in the output folder, and where the spec installs each. */
export const GENERATED = {
  man: 'saferpm.8',
  bash: 'saferpm.bash',
  zsh: '_saferpm',
  plan: 'plan.toml',
} as const;

export interface GenerateOptions {
  version: string;
  /** YYYY-MM-DD for the man page. */
  date: string;
}

export async function generateDocs(outDir: string, o: GenerateOptions): Promise<string[]> {
  await mkdir(outDir, { recursive: true, mode: 0o755 });
  const model = saferpmModel();
  const files: [string, string][] = [
    [GENERATED.man, renderManPage(model, o)],
    [GENERATED.bash, renderBashCompletion(model)],
    [GENERATED.zsh, renderZshCompletion(model)],
    [GENERATED.plan, planTemplate()],
  ];
  const written: string[] = [];
  for (const [name, text] of files) {
    const file = path.join(outDir, name);
    await writeFileAtomic(file, text, { mode: 0o644 });
    written.push(file);
  }
  return written;
}

/** The man page date: SOURCE_DATE_EPOCH when set (reproducible builds), else today, in UTC. */
export function docDate(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const d = Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : now;
  return d.toISOString().slice(0, 10);
}
