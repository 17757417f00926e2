/** saferpm vercmp: rpm's version comparison, with rpmdev-vercmp's conventions. */
import { EXIT, UsageError } from '../errors.js';
import type { Output } from '../output/output.js';
import { compareEvrStrings } from '../rpm/evr.js';
import { readStdin } from '../cli/stdin.js';

export interface VercmpOptions {
  a?: string;
  b?: string;
  batch: boolean;
  /** For tests; defaults to saferpm's standard input. */
  input?: string;
}

/** rpmdev-vercmp: exit 0 when equal, 11 when A is newer, 12 when B is newer. */
export const VERCMP_EXIT = { equal: 0, aNewer: 11, bNewer: 12 } as const;

export async function vercmp(o: VercmpOptions, out: Output): Promise<number> {
  if (o.batch) {
    if (o.a !== undefined) throw new UsageError('vercmp --batch reads its pairs from standard input and takes no arguments');
    const text = o.input ?? (await readStdin());
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const results = lines.map((line, n) => {
      const tab = line.indexOf('\t');
      if (tab < 0) throw new UsageError(`standard input line ${n + 1}: expected A<TAB>B`);
      return String(compareEvrStrings(line.slice(0, tab), line.slice(tab + 1).replace(/\r$/, '')));
    });
    if (results.length) out.out(results.join('\n'));
    return EXIT.OK;
  }
  if (o.a === undefined || o.b === undefined) throw new UsageError('vercmp needs two versions: saferpm vercmp A B');
  const c = compareEvrStrings(o.a, o.b);
  out.out(c === 0 ? `${o.a} == ${o.b}` : c > 0 ? `${o.a} > ${o.b}` : `${o.a} < ${o.b}`);
  return c === 0 ? VERCMP_EXIT.equal : c > 0 ? VERCMP_EXIT.aNewer : VERCMP_EXIT.bNewer;
}
