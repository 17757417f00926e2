/** The rpm drop-in (placeholder while the core lands). */
import type { Output } from '../cli/output.js';
import { SaferpmError } from '../errors.js';

export async function runRpm(_argv: string[], _out: Output): Promise<number> {
  throw new SaferpmError('not yet', 70);
}
