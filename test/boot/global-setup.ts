/**
 * The boot project's own set-up, after test/global-setup.ts: the real kernel
 * is downloaded once (apt-get download + dpkg-deb -x into .cache/bootlab),
 * before the test files run in parallel workers. Without the lab's tools
 * nothing is fetched: the tests then skip, or fail under CI (needLab).
 */
import { fetchLabKernel } from './lab/kernel.js';
import { haveTool } from '../helpers/tools.js';

export default async function setup(): Promise<void> {
  if (!haveTool('qemu-system-x86_64') || !haveTool('apt-get')) return;
  try {
    const k = await fetchLabKernel();
    console.log(`boot lab kernel: ${k.version} (${k.path})`);
  } catch (e) {
    // Under CI the run fails here; elsewhere (offline, no package lists) the boot tests skip, saying why (needLab).
    if (process.env.CI === 'true' || process.env.CI === '1') throw e;
    console.warn(`boot lab: no kernel: ${(e as Error).message}`);
  }
}
