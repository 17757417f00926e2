/** What is wrong with the files an entry loads, in words for the findings. */
import { describeEntry, type BootEntry } from '../model.js';
import type { CheckContext } from './types.js';

export function fileProblem(ctx: CheckContext, p: string, what: string): string | undefined {
  const f = ctx.file(p);
  if (!f.exists) return f.why ? `${what} ${f.why}` : `${what} ${p} is missing`;
  if (f.size === 0) return `${what} ${p} is empty`;
  return undefined;
}

export function kernelProblems(ctx: CheckContext, e: BootEntry): string[] {
  if (!e.linux) return [];
  if (e.kernelPath === undefined) return [`entry ${describeEntry(e)} names no kernel`];
  const p = fileProblem(ctx, e.kernelPath, 'kernel');
  return p ? [p] : [];
}

export function initrdProblems(ctx: CheckContext, e: BootEntry): string[] {
  return e.initrdPaths.flatMap((p) => fileProblem(ctx, p, 'initrd') ?? []);
}

export function entryProblems(ctx: CheckContext, e: BootEntry): string[] {
  return [...kernelProblems(ctx, e), ...initrdProblems(ctx, e)];
}

export function entryIsBootable(ctx: CheckContext, e: BootEntry): boolean {
  return entryProblems(ctx, e).length === 0;
}

/** "0 'Fedora (6.1)' [id]", with the file and line it comes from unless the id already names the file (BLS). */
export function where(e: BootEntry): string {
  const isBlsFile = e.id !== undefined && e.source.file.endsWith(`/${e.id}.conf`);
  return isBlsFile ? describeEntry(e) : `${describeEntry(e)} (${e.source.file}:${e.source.line})`;
}
