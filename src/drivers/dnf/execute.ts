/**
 * The dnf path's execute step: the user's dnf command, exactly as given
 * (saferpm's own options removed), with dnf's output live. dnf runs in the
 * user's environment in the C locale, so that failures it reports while
 * exiting 0 (a failing %post: rpm's "scriptlet failed" and dnf's "Error in
 * POSTIN scriptlet in rpm package ...", dnf/yum/rpmtrans.py) can be found in
 * its standard error. Without a terminal, dnf's standard input is empty: it
 * can never wait for an answer.
 */
import { runCommand } from '../../exec/run.js';
import { recordCommand } from '../../run/command-record.js';
import type { CommandRecord } from '../../record/types.js';
import { findProblems } from '../../rpm/problems.js';
import type { RunState } from '../../run/state.js';

export function dnfExecute(binary: string, args: readonly string[], opts: { emptyStdin: boolean }): (run: RunState) => Promise<void> {
  return async (run) => {
    run.started = true;
    run.out.info(`running: ${binary} ${args.join(' ')}`);
    const startedAt = new Date().toISOString();
    const r = await runCommand(binary, args, {
      mode: 'live', environment: 'inherit', env: { LC_ALL: 'C', LANG: 'C' }, forwardSignals: true, providedBy: 'dnf',
      ...(opts.emptyStdin ? { input: '' } : {}),
    });
    const cmd: CommandRecord = { argv: [binary, ...args], purpose: 'dnf', exitCode: r.exitCode, startedAt, durationMs: Math.round(r.durationMs), problems: findDnfProblems(r.stderr) };
    if (r.signal) cmd.signal = r.signal;
    else if (r.interrupted) cmd.signal = r.interrupted;
    await recordCommand(run, cmd, { who: 'dnf', consequence: `: its transaction may be half done (scriptlets not run, packages half installed); see the boot check, 'dnf history' and 'rpm -Va'` });
    for (const p of cmd.problems) run.out.warn(`dnf reported: ${p}`);
  };
}

export function findDnfProblems(stderr: string): string[] {
  const dnfOwn = stderr.split('\n').map((l) => l.trim()).filter((l) => /^Error in \S+ scriptlet in rpm package /.test(l));
  return [...new Set([...findProblems(stderr), ...dnfOwn])];
}
