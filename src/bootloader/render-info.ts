/**
 * `saferpm boot info`: the entries in boot order and which one boots next,
 * like `grubby --info=ALL`, for every format; and the stable JSON form
 * (docs/boot-json.md, schema saferpm.boot-config/1).
 */
import { LOADER_NAMES, type BootConfig, type BootEntry } from './model.js';
import { pad, wrapText } from './text.js';
import { entryRef, type EntryRef } from './verdict.js';

export const BOOT_CONFIG_SCHEMA = 'saferpm.boot-config/1';

export interface BootConfigJson {
  schema: typeof BOOT_CONFIG_SCHEMA;
  loader: BootConfig['loader'];
  configFile: string;
  envFile?: string;
  env?: Record<string, string>;
  envProblems: string[];
  blsDir?: string;
  bootPrefix: BootConfig['bootPrefix'];
  default: BootConfig['default'];
  nextBoot?: EntryRef;
  fallback?: BootConfig['fallback'];
  entries: (EntryRef & { args: string; initrds: string[]; submenu?: string[]; rescue: boolean; source: BootEntry['source'] })[];
  warnings: BootConfig['warnings'];
}

export function bootConfigJson(c: BootConfig): BootConfigJson {
  const next = c.default.entry !== undefined ? c.entries[c.default.entry] : undefined;
  const j: BootConfigJson = {
    schema: BOOT_CONFIG_SCHEMA,
    loader: c.loader,
    configFile: c.file,
    envProblems: c.env?.problems ?? [],
    bootPrefix: c.bootPrefix,
    default: c.default,
    entries: c.entries.map((e) => ({
      ...entryRef(e),
      args: e.args,
      initrds: e.initrds,
      ...(e.submenu ? { submenu: e.submenu } : {}),
      rescue: e.rescue,
      source: e.source,
    })),
    warnings: c.warnings,
  };
  if (c.env) {
    j.envFile = c.env.file;
    j.env = { ...c.env.vars };
  }
  if (c.blsDir) j.blsDir = c.blsDir;
  if (next) j.nextBoot = entryRef(next);
  if (c.fallback) j.fallback = c.fallback;
  return j;
}

const IND = '     ';

function entryLines(e: BootEntry, next: boolean): string[] {
  const lines = wrapText(e.title, `${next ? '*' : ' '} ${pad(e.index, 3)}`, IND);
  const add = (label: string, value: string | undefined): void => {
    if (value) lines.push(...wrapText(value, `${IND}${pad(label, 8)}`, `${IND}        `));
  };
  add('id', e.id !== e.title ? e.id : undefined);
  add('kernel', e.linux ? e.kernelPath ?? e.kernel ?? '(none)' : '(not a Linux entry)');
  for (const i of e.initrdPaths) add('initrd', i);
  add('root', e.root);
  add('args', e.args);
  return lines;
}

export function renderBootInfo(c: BootConfig): string {
  const field = (label: string, value: string): string[] => wrapText(value, `  ${pad(label, 12)}`, ' '.repeat(14));
  const next = c.default.entry;
  const out = [
    ...wrapText(`${LOADER_NAMES[c.loader]}: ${c.file}`, '', '  '),
    ...(c.env ? field('grubenv', `${c.env.file}${c.env.problems.length ? ` (${c.env.problems.length} problems)` : ''}`) : []),
    ...(c.blsDir ? field('BLS entries', c.blsDir) : []),
    ...field('boot prefix', `${c.bootPrefix.prefix} (${c.bootPrefix.detail})`),
    ...field('boots next', `${next !== undefined ? (c.entries[next] as BootEntry).index : '(nothing)'}: ${c.default.note}`),
    ...(c.fallback ? field('fallback', c.fallback.note) : []),
    '',
  ];
  c.entries.forEach((e, i) => out.push(...entryLines(e, i === next)));
  const problems = [...(c.env?.problems ?? []), ...c.warnings.map((w) => `${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`)];
  if (problems.length) out.push('', 'warnings:', ...problems.flatMap((p) => wrapText(p, '  ', '    ')));
  return out.join('\n');
}
