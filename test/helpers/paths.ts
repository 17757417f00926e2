import path from 'node:path';
import { fileURLToPath } from 'node:url';

// SAFERPM_REPO is set by scripts/bench/load-ts.mjs, which bundles this file elsewhere.
export const REPO = process.env.SAFERPM_REPO ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = path.join(REPO, '.cache');
export const SPECS = path.join(REPO, 'fixtures/specs');
export const FIXTURES = path.join(REPO, 'fixtures');
/** Real data from public projects (rpm, dnf, libdnf, createrepo_c, grubby...): fixtures/upstream/README.md. */
export const UPSTREAM = path.join(FIXTURES, 'upstream');
/** HOME for rpm/dnf in tests: its .rpmmacros puts the database at /var/lib/rpm, as on RHEL. */
export const RPM_HOME = path.join(CACHE, 'home');
export const DIST_CLI = path.join(REPO, 'dist/saferpm.mjs');
