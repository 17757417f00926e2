/**
 * One contender for the lock test (attack-lock): bundled by the test with
 * esbuild and started many times at once. Waits until GO exists, tries the
 * lock once and prints "held" (then keeps it, without releasing, until
 * killed) or "refused".
 */
import { existsSync } from 'node:fs';
import { acquireLock } from '../../src/state/lock.js';

const [lockPath, go] = process.argv.slice(2) as [string, string];
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 2));
try {
  await acquireLock(lockPath, 'contender');
  process.stdout.write('held\n');
  await new Promise((r) => setTimeout(r, 60_000));
} catch (e) {
  process.stdout.write(`refused ${(e as Error).message}\n`);
  process.exit(0);
}
