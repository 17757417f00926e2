/**
 * Attack 3 of issue 16: files that tell root what to do, under folders
 * another user controls. The plan names commands saferpm runs as root; it was
 * read before its owner was checked, and its folders were not checked at all
 * (a rename race made `reboot` take another user's command). dnf.conf decides
 * which packages are install-only: another user's dnf.conf with an empty
 * installonlypkgs= made a kernel an ordinary package, upgraded in place.
 */
import { copyFileSync, lchownSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { buildRelease } from '../helpers/build-rpms.js';
import { kuname } from '../helpers/fixture-matrix.js';
import { NOBODY, asNobody, giveToNobody } from '../helpers/other-user.js';
import { REPO } from '../helpers/paths.js';
import { installed, rpm, saferpm, tempRoot } from '../helpers/roots.js';
import { needRoot, needTools } from '../helpers/tools.js';

const run = needTools('rpm', 'rpmbuild', 'setpriv') && needRoot('acting as another user with setpriv');
const V1 = kuname('v1');
const V2 = kuname('v2');

/** A root whose /etc/saferpm holds a valid plan owned by root (0644). */
function withPlan(): { root: string; plan: string } {
  const root = tempRoot();
  mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true, mode: 0o755 });
  const plan = path.join(root, 'etc/saferpm/plan.toml');
  copyFileSync(path.join(REPO, 'fixtures/recovery/plans/complete.toml'), plan);
  return { root, plan };
}

describe.runIf(run)('attack: the plan and dnf.conf under folders another user controls', () => {
  let kernels: { v1: string[]; v2: string[]; all1: string[] };
  beforeAll(async () => {
    const [r1, r2] = [await buildRelease('v1'), await buildRelease('v2')];
    kernels = { v1: r1.kernel, v2: r2.kernel, all1: r1.all };
  });

  it('a root-owned plan in a folder another user owns is refused (77), naming the folder', async () => {
    const { root } = withPlan();
    expect((await saferpm(['plan', 'check', '--root', root])).exitCode).toBe(EXIT.OK);
    giveToNobody(root, path.join(root, 'etc/saferpm'));
    const r = await saferpm(['plan', 'check', '--root', root]);
    expect(r.exitCode, r.stderr).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`/etc/saferpm/plan.toml: not used: ${root}/etc/saferpm is owned by uid ${NOBODY}, not by root; the plan names commands saferpm runs`);
  });

  it('the same when a folder higher up is another user\'s, or the plan is their symlink to root\'s file', async () => {
    const a = withPlan();
    giveToNobody(a.root, path.join(a.root, 'etc'));
    const r = await saferpm(['plan', 'check', '--root', a.root]);
    expect(r.exitCode, r.stderr).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`${a.root}/etc is owned by uid ${NOBODY}`);

    const b = withPlan();
    const real = path.join(b.root, 'etc/saferpm/real.toml');
    copyFileSync(b.plan, real);
    rmSync(b.plan);
    symlinkSync('real.toml', b.plan); // root's folder and file, but the link is nobody's
    lchownSync(b.plan, NOBODY, NOBODY);
    const s = await saferpm(['plan', 'check', '--root', b.root]);
    expect(s.exitCode, s.stderr).toBe(EXIT.NOPERM);
    expect(s.stderr).toContain(`${b.plan} is a symbolic link owned by uid ${NOBODY}, not by root`);
  });

  it('another user\'s dnf.conf (or its folder) does not decide what is install-only: refused (77), the kernel untouched', async () => {
    const root = tempRoot();
    expect((await rpm(root, ['-ivh', ...kernels.all1])).exitCode).toBe(0);
    mkdirSync(path.join(root, 'etc/dnf'), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(root, 'etc/dnf/dnf.conf'), '[main]\ninstallonlypkgs=\n', { mode: 0o644 });
    giveToNobody(root, path.join(root, 'etc/dnf'));
    // the attacker's own copy, under the name root reads
    expect((await asNobody('cp', [path.join(root, 'etc/dnf/dnf.conf'), path.join(root, 'etc/dnf/x')])).exitCode).toBe(0);
    expect((await asNobody('mv', [path.join(root, 'etc/dnf/x'), path.join(root, 'etc/dnf/dnf.conf')])).exitCode).toBe(0);
    const before = await installed(root);
    const r = await saferpm(['-Uvh', '--root', root, '--running-kernel', V1, ...kernels.v2]);
    expect(r.exitCode, r.stderr).toBe(EXIT.NOPERM);
    expect(r.stderr).toContain(`/etc/dnf/dnf.conf: not used: ${root}/etc/dnf is owned by uid ${NOBODY}, not by root; it decides which packages are install-only`);
    expect(await installed(root)).toEqual(before);
    expect(before.some((p) => p.includes(V2))).toBe(false);
  });
});
