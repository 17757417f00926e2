/**
 * Before anything changes: let rpm itself check the whole plan.
 * 1. Dependencies and conflicts of the end state: one `rpm -U --test` over all
 *    packages. rpm simulates -U there, so it also "erases" the old kernels and
 *    complains about installed packages that need them; those complaints are
 *    dropped when a kernel that saferpm keeps satisfies the capability.
 *    (--test cannot tell what -U erases, docs/rpm-facts.md, so it is only
 *    used for these checks.) --test would also run rpm's "Verifying..." phase (every
 *    payload hashed); it is left to the transactions themselves (--nodigest
 *    here), which verify every package before changing anything — except that
 *    a second step's packages are only verified once the first step ran, so:
 * 2. Digests (rpm -K) of the packages of the second and later steps: a
 *    truncated or corrupted kernel stops the run before the userland changes.
 * 3. File conflicts of the new kernels with everything installed, the old
 *    kernels included: `rpm -i --test --nodeps` over the kernels; and of the
 *    userland with everything installed, the old kernels included:
 *    `rpm -U --test --nodeps` over the userland alone.
 * With the user's own --test, rpm's full test runs, verification included.
 * Measured on 200 packages of 256 KiB: --test 0.25-0.30 s with digests,
 * 0.04-0.08 s without.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXIT, InputError, UsageError } from '../errors.js';
import { runCommand, type CommandResult } from '../exec/run.js';
import { buildRpmArgs, type RpmCommandLine } from './argv.js';
import { hasRpmDatabase } from './database.js';
import { withForceDebian } from './debian.js';
import { packageSatisfies, parseCapability } from './deps.js';
import type { RpmPackage } from './package.js';
import { wouldFreshen, type RpmPlan } from './rpm-plan.js';
import { isNoise, parseDependencyProblems } from './problems.js';
import type { RpmInvocation } from './query.js';

export interface PreflightResult {
  ok: boolean;
  /** rpm's exit code of the failing check (0 when ok). */
  exitCode: number;
  /** What rpm said, with the problems saferpm dropped left out. */
  problems: string[];
  /** Problems dropped because a kept kernel satisfies them. */
  ignored: string[];
  /**
   * What rpm wrote to stderr when it refused, as it wrote it ("error: Failed
   * dependencies:" and its tab-indented lines), without the problems dropped
   * and without Debian's noise: shown as is, so the admin reads rpm's message.
   */
  said: string[];
  /** rpm's stdout of the end-state test ("Verifying...", "Preparing..."), shown with the user's own --test as rpm shows it. */
  stdout: string;
  commands: { args: string[]; exitCode: number }[];
}

/**
 * rpm -K --nosignature of the given packages: their payload and header
 * digests. rpm -K opens (and creates) a database for its keyring even when no
 * key is needed: it gets a private empty one, never the root's or the host's.
 */
export async function checkDigests(rpm: RpmInvocation, files: readonly { path: string; given: string }[]): Promise<void> {
  if (files.length === 0) return;
  const db = await mkdtemp(path.join(os.tmpdir(), 'saferpm-rpmk-'));
  let r;
  try {
    // rpm 4.16+'s "dummy" database backend (lib/backend/dummydb.c): no sqlite file created and
    // synced for a keyring that --nosignature never reads (measured: 7 fdatasync calls, half the
    // process's time). An older rpm warns about the unknown backend and uses its default there.
    r = await runCommand(rpm.binary, ['--dbpath', db, '--define', '_db_backend dummy', '-K', '--nosignature', '--', ...files.map((f) => f.path)], { providedBy: 'rpm' });
  } finally {
    await rm(db, { recursive: true, force: true });
  }
  if (r.exitCode === 0) return;
  for (const f of files) {
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${f.path}: `));
    if (!line || /NOT OK/.test(line)) {
      throw new InputError(f.given, 'is corrupted or truncated: its digests do not match (rpm -K); nothing was changed', EXIT.DATAERR, 'download it again');
    }
  }
}

/**
 * `fileOf` names the package file (as the user gave it) of a NEVRA rpm
 * complains about, for a clear error.
 */
export async function testPlan(rpm: RpmInvocation, cl: RpmCommandLine, plan: RpmPlan, keptInstallOnly: RpmPackage[], fileOf: (nevra: string) => string | undefined = () => undefined): Promise<PreflightResult> {
  const result: PreflightResult = { ok: true, exitCode: 0, problems: [], ignored: [], said: [], stdout: '', commands: [] };
  const userland = plan.steps.find((s) => s.purpose === 'userland')?.packages ?? [];
  const kernels = plan.steps.find((s) => s.purpose === 'kernels')?.packages ?? [];
  const all = [...userland, ...kernels];
  if (all.length === 0) return result;
  // -F would skip names that are not installed; -U --test would try to install them.
  const mode = plan.mode === 'install' ? 'install' : 'upgrade';
  const testFlag = cl.flags.has('test') ? [] : ['--test', '--nodigest', '--nosignature'];
  const tested = plan.mode === 'freshen' ? freshenSet(plan, all) : all;
  if (tested.length === 0) return result;
  const depsArgs = await withForceDebian(rpm.binary, buildRpmArgs(cl, mode, tested, testFlag));
  const checks = await conflictChecks(rpm, cl, plan, testFlag);
  // rpm --test takes no transaction lock and only reads the database (checked with strace): the
  // conflict tests run beside the end-state test, unless the root has no database yet, which
  // the end-state test creates (two rpm processes creating it would race). Their answers are
  // read only when the end-state test passed, as when they ran after it.
  const early = checks.length && (await hasRpmDatabase(cl.root ?? '/', cl)) ? runChecks(rpm, checks) : undefined;
  early?.catch(() => undefined); // awaited below, or not needed when the end-state test refused
  const deps = await runCommand(rpm.binary, depsArgs, { providedBy: 'rpm' });
  result.commands.push({ args: depsArgs, exitCode: deps.exitCode });
  result.stdout = deps.stdout;
  const unknown = /^rpm: (.+): unknown option$/m.exec(deps.stderr);
  if (unknown) throw new UsageError(`unknown option ${unknown[1]}: neither saferpm's nor rpm's; nothing was changed`, "see 'saferpm --help' and 'rpm --help'");
  const corrupt = /^\s*package (\S+) does not verify: (.+)$/m.exec(deps.stderr);
  if (corrupt) {
    const file = fileOf(corrupt[1] as string) ?? (corrupt[1] as string);
    throw new InputError(file, `is corrupted or truncated: ${(corrupt[2] as string).replace(/ \(Expected .*$/, '')}; nothing was changed`, EXIT.DATAERR, 'download it again');
  }
  if (deps.exitCode !== 0) {
    const { deps: problems, other } = parseDependencyProblems(deps.stderr);
    const real = problems.filter((p) => !(p.byInstalled && keptInstallOnly.some((k) => packageSatisfies(k, parseCapability(p.capability)))));
    result.ignored = problems.filter((p) => !real.includes(p)).map(describe);
    if (real.length || other.length || problems.length === 0) {
      // rpm counts every problem in its exit code; count only those left after dropping the kept kernels' ones.
      const exitCode = result.ignored.length ? Math.max(1, real.length + other.length) : deps.exitCode;
      const said = rpmSaid(deps.stderr, new Set(problems.filter((p) => !real.includes(p)).map((p) => p.line)), real.length > 0);
      return { ...result, ok: false, exitCode, said, problems: [...other, ...real.map(describe)].filter(Boolean) };
    }
  }
  const results = await (early ?? runChecks(rpm, checks));
  for (const [i, conf] of results.entries()) {
    const confArgs = checks[i] as string[];
    result.commands.push({ args: confArgs, exitCode: conf.exitCode });
    if (conf.exitCode !== 0) {
      const said = conf.stderr.split('\n').filter((l) => /^\s|^error: /.test(l) && l.trim() !== '');
      return { ...result, ok: false, exitCode: conf.exitCode, said, problems: said.map((l) => l.trim()) };
    }
  }
  return result;
}

/**
 * The end-state test simulates -U of the kernels, so the erasure of the old ones saferpm
 * keeps: file conflicts with them are tested apart, the new kernels' and the userland's
 * (a userland file of an old kernel passed the preflight, then rpm refused the userland step).
 * Digests are not hashed here either: rpm -K covers the kernels, each transaction its own packages.
 */
async function conflictChecks(rpm: RpmInvocation, cl: RpmCommandLine, plan: RpmPlan, testFlag: string[]): Promise<string[][]> {
  const userland = plan.steps.find((s) => s.purpose === 'userland')?.packages ?? [];
  const kernels = plan.steps.find((s) => s.purpose === 'kernels')?.packages ?? [];
  if (!kernels.length || plan.mode === 'install') return [];
  const fresh = plan.mode === 'freshen' ? freshenSet(plan, userland) : userland;
  const checks = [await withForceDebian(rpm.binary, buildRpmArgs(cl, 'install', kernels, [...testFlag, '--nodeps']))];
  if (fresh.length) checks.push(await withForceDebian(rpm.binary, buildRpmArgs(cl, 'upgrade', fresh, [...testFlag, '--nodeps'])));
  return checks;
}

/** The conflict tests side by side: rpm --test takes no transaction lock. */
function runChecks(rpm: RpmInvocation, checks: string[][]): Promise<CommandResult[]> {
  return Promise.all(checks.map((args) => runCommand(rpm.binary, args, { providedBy: 'rpm' })));
}

/** The files rpm -F would act on: -U --test of the others would test installs -F never makes. */
function freshenSet(plan: RpmPlan, files: string[]): string[] {
  const installedFiles = new Set(plan.packages.filter(wouldFreshen).map((p) => p.file));
  return files.filter((f) => installedFiles.has(f));
}

/** rpm's stderr minus the dropped problems' lines (and the header, when no dependency problem is left) and minus noise. */
function rpmSaid(stderr: string, dropped: Set<string>, depsLeft: boolean): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !dropped.has(l) && !isNoise(l) && (depsLeft || l !== 'error: Failed dependencies:'));
}

function describe(p: { capability: string; neededBy: string; byInstalled: boolean }): string {
  return `${p.capability} is needed by ${p.byInstalled ? '(installed) ' : ''}${p.neededBy}`;
}
