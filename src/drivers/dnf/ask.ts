/** dnf's question before the transaction ("Is this ok [y/N]:"), for the dnf driver and an unresolved run alike. */
import type { Output } from '../../output/output.js';
import type { DnfCommandLine } from '../../dnf/cli/argv.js';
import { promptDecision } from '../../dnf/cli/prompt.js';
import type { DnfConfig } from '../../dnf-config/effective.js';

/** dnf's question, answered as dnf would answer it here: never left waiting in a script. */
export async function ask(req: { cl: DnfCommandLine; stdinIsTerminal: boolean }, config: DnfConfig, out: Output): Promise<{ status: 'refused'; exitCode: number } | undefined> {
  const prompt = promptDecision(req.cl.globals, config, req.stdinIsTerminal);
  if (prompt.kind === 'default-yes') out.info(prompt.message);
  if (prompt.kind !== 'default-no') return undefined;
  out.notice(prompt.message); // why nothing happened (exit 1): said even with -q
  return { status: 'refused', exitCode: 1 }; // what dnf exits with after "Operation aborted."
}

