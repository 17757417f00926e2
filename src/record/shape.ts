/**
 * Small shape tests for JSON read back from disk (run records): each says
 * whether a value has the type the readers rely on. Pure.
 */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
export const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || ok(v);
export const oneOf = (...words: string[]) => (v: unknown): boolean => typeof v === 'string' && words.includes(v);

/** Field checks of one object: name -> test. */
export type Shape = Record<string, (v: unknown) => boolean>;

/** Whether `v` is an object whose fields pass `shape` (fields not named are not looked at). */
export function fits(v: unknown, shape: Shape): boolean {
  return isObj(v) && Object.keys(shape).every((k) => (shape[k] as (x: unknown) => boolean)(v[k]));
}

/** A list whose every element fits `shape`. */
export const listOf = (shape: Shape) => (v: unknown): boolean => Array.isArray(v) && v.every((e) => fits(e, shape));

/** An object whose every value passes `ok`. */
export const recordOf = (ok: (x: unknown) => boolean) => (v: unknown): boolean => isObj(v) && Object.values(v).every(ok);

export function shapeProblem(v: unknown, shape: Shape, where: string): string | undefined {
  if (!isObj(v)) return `has "${where}" that is not an object`;
  const bad = Object.keys(shape).find((k) => !(shape[k] as (x: unknown) => boolean)(v[k]));
  return bad === undefined ? undefined : `has "${where}.${bad}" missing or of the wrong type`;
}

export function listProblem(v: unknown, shape: Shape, where: string): string | undefined {
  if (!Array.isArray(v)) return `has "${where}" that is not a list`;
  for (let i = 0; i < v.length; i++) {
    const p = shapeProblem(v[i], shape, `${where}[${i}]`);
    if (p) return p;
  }
  return undefined;
}
