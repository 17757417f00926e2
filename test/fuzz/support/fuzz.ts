/**
 * How the fuzz project runs a property: a fixed number of cases (FUZZ_RUNS,
 * default 300 per property in CI; `npm run fuzz` sets 100000), a seed that is
 * printed with every failure and can be fixed with FUZZ_SEED, and every case
 * under the watchdog (FUZZ_CASE_SECONDS, default 60). Runs are not cut short
 * by a time budget: a CI run covers the same number of cases on a slow
 * machine as on a fast one.
 */
import fc from 'fast-check';
import { TEN_MB } from './big-inputs.js';
import { guarded } from './watchdog.js';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
export const CASE_SECONDS = Number(process.env.FUZZ_CASE_SECONDS ?? 60);
/** The 10 MB inputs: parsed once each, with a longer bound (a slow shared machine, not a hang). */
export const BIG_CASE_SECONDS = Number(process.env.FUZZ_BIG_CASE_SECONDS ?? 300);
const FIXED_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

/** A short, printable description of a generated value, for the watchdog's report. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return `string of ${v.length}: ${JSON.stringify(v.slice(0, 160))}${v.length > 160 ? '...' : ''}`;
  if (v instanceof Uint8Array) return `${v.length} bytes: ${Buffer.from(v.subarray(0, 80)).toString('hex')}${v.length > 80 ? '...' : ''}`;
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 240 ? `${s.slice(0, 240)}...` : s;
  } catch {
    return String(v);
  }
}

/**
 * fc.assert of `check` over the arbitraries, each case under the watchdog.
 * `scale` multiplies FUZZ_RUNS for a property that is costly per case.
 */
export function fuzz<Ts extends [unknown, ...unknown[]]>(
  name: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  check: (...args: Ts) => void,
  options: { scale?: number } = {},
): void {
  const seed = FIXED_SEED ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const numRuns = Math.max(1, Math.round(RUNS * (options.scale ?? 1)));
  let n = 0;
  const property = fc.property(...(arbitraries as unknown as [fc.Arbitrary<unknown>]), (...args: unknown[]) => {
    const k = n++;
    const where = k < numRuns ? `case ${k} (replay: FUZZ_SEED=${seed}, fast-check path "${k}")` : `shrinking a failure of seed ${seed}`;
    guarded(() => `${name}: ${where}: ${args.map(describeValue).join(' | ')}`, CASE_SECONDS, () => check(...(args as Ts)));
  });
  fc.assert(property, { numRuns, seed });
}

/** One big case (the 10 MB inputs) under the watchdog's longer bound. */
export function once<T>(name: string, run: () => T): T {
  return guarded(() => name, BIG_CASE_SECONDS, run);
}

/** Parse a 10 MB input (its size checked) once, under the watchdog's longer bound. */
export function big<T>(name: string, input: { text: string }, parse: (text: string) => T): T {
  if (input.text.length < TEN_MB) throw new Error(`${name}: the input is ${input.text.length} characters, not 10 MB`);
  return once(`${name}: 10 MB`, () => parse(input.text));
}
