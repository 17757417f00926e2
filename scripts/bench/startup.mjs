// Start-up: `saferpm --version` versus `node -e 0` (the floor any Node tool pays).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO, reportRatio, timeMedian } from './load-ts.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const cli = path.join(REPO, 'bin/saferpm.js');
const base = await timeMedian(() => execFileSync(process.execPath, ['-e', '0']), RUNS);
const ours = await timeMedian(() => execFileSync(process.execPath, [cli, '--version']), RUNS);
reportRatio('start-up (saferpm --version vs node -e 0)', ours, base, 2.0);
