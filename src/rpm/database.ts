/**
 * Whether the root has an rpm database at all. Querying a root without one
 * makes rpm create an empty database there, which would be a change; a root
 * without a database has nothing installed, so there is nothing to ask.
 * Candidates: --dbpath, a _dbpath --define, /var/lib/rpm (RHEL, Debian test
 * HOMEs) and /usr/lib/sysimage/rpm (Fedora 36+, openSUSE).
 */
import { statRooted } from '../fs/rooted.js';
import type { RpmCommandLine } from './argv.js';

export async function hasRpmDatabase(root: string, cl: Pick<RpmCommandLine, 'tokens'>): Promise<boolean> {
  if (root === '/') return true;
  const given: string[] = [];
  for (const t of cl.tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'dbpath') given.push(t.value);
    const m = t.name === 'define' ? /^\s*_dbpath\s+(\S+)/.exec(t.value) : null;
    if (m?.[1]) given.push(m[1]);
  }
  for (const dir of given.length ? given : ['/var/lib/rpm', '/usr/lib/sysimage/rpm']) {
    if ((await statRooted(root, dir))?.isDirectory()) return true;
  }
  return false;
}
