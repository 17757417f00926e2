/**
 * Once per test run: bundle saferpm (integration tests run the built CLI, as
 * users do) and build the fake packages with the real rpmbuild.
 */
import { execa } from 'execa';
import { REPO } from './helpers/paths.js';
import { buildRelease, ensureRpmHome } from './helpers/build-rpms.js';
import { haveTool } from './helpers/tools.js';

export default async function setup(): Promise<void> {
  await execa('node', ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  ensureRpmHome();
  if (haveTool('rpmbuild')) {
    for (const r of ['v1', 'v2', 'v3'] as const) await buildRelease(r);
  }
}
