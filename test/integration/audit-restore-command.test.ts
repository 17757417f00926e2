/**
 * `saferpm restore ID [FILE...]` through the real command line parser (main),
 * on a run folder made the way a run makes it, after a real rpm -Uvh.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryOutput } from '../../src/output/output.js';
import { EXIT } from '../../src/errors.js';
import { ensureRpmHome, releasePair } from '../helpers/build-rpms.js';
import { rootAfterConfigRun } from '../helpers/config-run.js';
import { rpm } from '../helpers/roots.js';
import { needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild');
let v1 = '';
let v2 = '';

beforeAll(async () => {
  if (!run) return;
  process.env.HOME = ensureRpmHome();
  ({ v1, v2 } = await releasePair('openssh-server-'));
});

/** A root after a run that saved the admin's sshd_config and moduli, then upgraded to v2. */
function afterRun(): Promise<{ root: string; id: string }> {
  return rootAfterConfigRun(v1, v2, { 'etc/ssh/sshd_config': 'PermitRootLogin no\n', 'etc/ssh/moduli': '# admin moduli\n' });
}

describe.runIf(run)('saferpm restore', () => {
  it('puts the admin\'s moduli back and leaves the kept sshd_config alone', async () => {
    const { root, id } = await afterRun();
    const replaced = readFileSync(path.join(root, 'etc/ssh/moduli'), 'utf8');
    expect(replaced).toBe('# moduli shipped by openssh-server 2.0\n');

    const dry = memoryOutput();
    expect(await main(['restore', id, '--root', root, '--dry-run'], dry)).toBe(EXIT.OK);
    expect(dry.stdout).toEqual(['would restore /etc/ssh/moduli', '/etc/ssh/sshd_config: already as saved, left alone', 'dry run: nothing was changed']);
    expect(readFileSync(path.join(root, 'etc/ssh/moduli'), 'utf8')).toBe(replaced);

    const out = memoryOutput();
    expect(await main(['restore', id, '/etc/ssh/moduli', '/etc/ssh/sshd_config', '--root', root], out)).toBe(EXIT.OK);
    expect(out.stdout[0]).toMatch(/^restored \/etc\/ssh\/moduli \(the file it replaced is kept in .*\/runs\/.*\/config-backup\/before-restore\/\d+T\d+Z\/etc\/ssh\/moduli\)$/);
    expect(out.stdout[1]).toBe('/etc/ssh/sshd_config: already as saved, left alone');
    expect(readFileSync(path.join(root, 'etc/ssh/moduli'), 'utf8')).toBe('# admin moduli\n');
  });

  it('says which run or file it cannot find, with the exit code for each', async () => {
    const { root, id } = await afterRun();
    const cases: [string[], number, RegExp][] = [
      [['restore', '20200101T000000Z-abcdef', '--root', root], EXIT.NOINPUT, /no run 20200101T000000Z-abcdef under .*\/var\/lib\/saferpm\/runs$/],
      [['restore', id, 'etc/ssh/moduli', '--root', root], EXIT.USAGE, /'etc\/ssh\/moduli' is not an absolute path/],
      [['restore', id, '/etc/ssh/nothere', '--root', root], EXIT.USAGE, /\/etc\/ssh\/nothere is not in this backup \(it holds 2 files: /],
    ];
    for (const [argv, code, message] of cases) {
      const out = memoryOutput();
      expect(await main(argv, out)).toBe(code);
      expect(out.stderr[0]).toMatch(message);
    }
  });
});
