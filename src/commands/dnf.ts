/** saferpm dnf|yum ARGS...: not built yet (issue 6). */
import { SaferpmError, EXIT } from '../errors.js';
import type { Output } from '../cli/output.js';

export async function runDnf(tool: 'dnf' | 'yum', _args: string[], _out: Output): Promise<number> {
  throw new SaferpmError(`saferpm ${tool} is not available yet`, EXIT.UNAVAILABLE);
}
