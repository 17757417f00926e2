/**
 * What kind of value an option or argument takes, judged from its name in
 * the program (<DIR>, <file>, FILE, ...): the completions offer folders, files
 * or nothing.
 */
export type ValueKind = 'dir' | 'file' | 'text';

export function valueKind(name: string | undefined): ValueKind {
  const n = (name ?? '').replace(/[<>[\].]/g, '').toLowerCase();
  if (n === 'dir' || n === 'root') return 'dir';
  if (['file', 'files', 'grubenv', 'path', 'before', 'after'].includes(n)) return 'file';
  return 'text';
}
