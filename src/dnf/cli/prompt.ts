/**
 * Scripts first: saferpm never leaves a cron job waiting for an answer.
 * dnf asks "Is this ok [y/N]:" unless -y/--assumeyes (or assumeyes=True in
 * its configuration) is given; without a terminal it reads end-of-file and
 * takes the default answer: no, or yes with defaultyes=True (dnf/cli/output.py
 * userconfirm). saferpm decides that before anything runs, says which, and
 * runs dnf with an empty standard input so it cannot wait either.
 */
import type { DnfGlobals } from './argv.js';
import type { DnfConfig } from '../../dnf-config/effective.js';

export type PromptDecision =
  /** dnf will not ask (-y, assumeyes=True). */
  | { kind: 'no-question' }
  /** dnf asks on the terminal; the admin answers. */
  | { kind: 'terminal' }
  /** No terminal: dnf reads end-of-file and takes its default, yes (defaultyes=True). */
  | { kind: 'default-yes'; message: string }
  /** No terminal: dnf's default is no; nothing would change. */
  | { kind: 'default-no'; message: string };

export function promptDecision(globals: DnfGlobals, config: DnfConfig, stdinIsTerminal: boolean): PromptDecision {
  if (globals.assumeyes || config.assumeyes) return { kind: 'no-question' };
  if (stdinIsTerminal) return { kind: 'terminal' };
  if (config.defaultyes) {
    return { kind: 'default-yes', message: 'dnf would ask "Is this ok [Y/n]" and there is no terminal: like dnf in a script, the answer is its default, yes (defaultyes=True)' };
  }
  return { kind: 'default-no', message: 'dnf would ask "Is this ok [y/N]" and there is no terminal: like dnf in a script, the answer is its default, no; nothing was changed (give -y to carry it out)' };
}
