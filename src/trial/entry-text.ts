/**
 * The text of a trial entry: a copy of the new kernel's own entry with the
 * trial arguments appended and its own id, made from the raw text (so that
 * grubenv variables such as $kernelopts stay for GRUB to expand). Pure.
 *
 * - BLS (kernel-install's /boot/loader/entries/<machine-id>-<version>.conf): a
 *   file of its own; GRUB's blscfg reads every *.conf there and the id is the
 *   file name. Only the first `options` line counts for blscfg (parse-bls.ts).
 * - A menuentry of grub.cfg: a block for custom.cfg, which grub-mkconfig's
 *   41_custom sources after the generated menu, so grub.cfg is not rewritten.
 */
import { TRIAL_MARK } from './model.js';

export interface TrialText {
  title: string;
  text: string;
}

function titleOf(title: string, id: string): string {
  return `${title} (saferpm trial ${id})`;
}

/** `extra`: the trial arguments, appended to the first options line (or a new one). */
export function blsTrialText(original: string, id: string, extra: string): TrialText {
  const lines = original.replace(/\n$/, '').split('\n');
  let title = '';
  let options = false;
  const out = lines.map((line) => {
    const m = /^(\s*)(\S+)(\s+)(.*)$/.exec(line);
    if (!m) return line;
    const [, lead, key, sep, value] = m as unknown as [string, string, string, string, string];
    if (key === 'title' && !title) {
      title = titleOf(value.trim(), id);
      return `${lead}${key}${sep}${title}`;
    }
    if (key === 'options' && !options) {
      options = true;
      return `${lead}${key}${sep}${value.trim()} ${extra}`;
    }
    return line;
  });
  if (!title) {
    title = titleOf('Linux', id);
    out.unshift(`title ${title}`);
  }
  if (!options) out.push(`options ${extra}`);
  return { title, text: `# saferpm trial ${id}: a copy of the new kernel's entry, removed at the verdict\n${out.join('\n')}\n` };
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The lines of the menuentry block that starts at `line` (1-based), braces balanced outside quotes. */
export function menuentryBlock(cfg: string, line: number): string[] | undefined {
  const lines = cfg.split('\n');
  let depth = 0;
  let opened = false;
  for (let i = line - 1; i < lines.length; i++) {
    let q: string | undefined;
    for (const c of lines[i] as string) {
      if (q) {
        if (c === q) q = undefined;
      } else if (c === "'" || c === '"') q = c;
      else if (c === '{') {
        depth++;
        opened = true;
      } else if (c === '}') depth--;
    }
    if (opened && depth <= 0) return lines.slice(line - 1, i + 1);
  }
  return undefined;
}

export const BEGIN_MARK = '# BEGIN saferpm trial';
export const END_MARK = '# END saferpm trial';

/** The marked block for custom.cfg, or undefined when no menuentry starts at `line`. */
export function customCfgBlock(cfg: string, line: number, origTitle: string, id: string, entryId: string, extra: string): TrialText | undefined {
  const block = menuentryBlock(cfg, line);
  if (!block || !/^\s*menuentry\b/.test(block[0] as string)) return undefined;
  const title = titleOf(origTitle, id);
  const unrestricted = /\s--unrestricted\b/.test(block[0] as string) ? ' --unrestricted' : '';
  const header = `menuentry ${quote(title)}${unrestricted} --id ${quote(entryId)} {`;
  let linux = false;
  const body = block.slice(1).map((l) => {
    if (!linux && /^\s*(linux|linux16|linuxefi)\s/.test(l)) {
      linux = true;
      return `${l.replace(/\s+$/, '')} ${extra}`;
    }
    return l;
  });
  if (!linux) return undefined;
  const text = [`${BEGIN_MARK} ${id}: the new kernel's entry, booted once; removed at the verdict`, header, ...body, `${END_MARK} ${id}`, ''].join('\n');
  return { title, text };
}

/** custom.cfg without the block of trial `id` (and nothing else changed). */
export function withoutBlock(text: string, id: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${BEGIN_MARK} ${id}:`));
  const end = lines.findIndex((l, i) => i > start && l === `${END_MARK} ${id}`);
  if (start < 0 || end < 0) return text;
  return [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
}

/** Whether a kernel command line carries this trial's marker. */
export function carriesMark(args: string, id: string): boolean {
  return args.split(/\s+/).includes(`${TRIAL_MARK}=${id}`);
}
