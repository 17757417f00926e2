/**
 * The exit-code table as printed by --help and written in README and the man
 * page, built from EXIT and EXIT_MEANING (src/errors.ts): saferpm's own codes
 * in order, with rpm's and dnf's codes passed through and the signals.
 */
import { EXIT, EXIT_MEANING } from '../errors.js';

/** Rows that are not one of saferpm's own codes: rpm's and dnf's, which saferpm passes through. */
const PASSED_THROUGH: [number, string, string][] = [
  [1, '1-63', "rpm's or dnf's own exit code, passed through (rpm: failed packages)"],
  [200, '128+N', 'rpm or dnf was killed by a signal N saferpm did not send (137: KILL)'],
];

function exitCodeRows(): [string, string][] {
  const own = (Object.keys(EXIT) as (keyof typeof EXIT)[]).filter((k) => k !== 'INTERRUPTED_TERM');
  const rows: [number, string, string][] = own.map((k) => [EXIT[k], String(EXIT[k]), EXIT_MEANING[k]]);
  // SIGINT and SIGTERM share a row, as shells report them: 130/143
  const i = rows.findIndex(([code]) => code === EXIT.INTERRUPTED_INT);
  rows[i] = [EXIT.INTERRUPTED_INT, `${EXIT.INTERRUPTED_INT}/${EXIT.INTERRUPTED_TERM}`, 'interrupted by SIGINT/SIGTERM (the run record says what was done)'];
  return [...rows, ...PASSED_THROUGH].sort((a, b) => a[0] - b[0]).map(([, code, meaning]) => [code, meaning]);
}

export const EXIT_CODE_HELP = ['Exit codes:', ...exitCodeRows().map(([code, meaning]) => `  ${code.padEnd(9)}${meaning}`)].join('\n');
