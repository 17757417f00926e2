// The main job of saferpm, shown on a throwaway root built from the fixtures:
// a machine with kernel 6.1.10 gets a folder of updates that holds kernel 6.1.12.
// Plain `rpm -Uvh` loses the old kernel; `saferpm -Uvh` keeps it, checks the
// boot loader and writes the way back. Nothing outside the temporary root changes.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTs, REPO } from './bench/load-ts.mjs';

if (process.getuid && process.getuid() !== 0) {
  console.error('The demo runs rpm --root, whose scriptlets need chroot(2): run it as root (for example in a VM or container): sudo npm run demo');
  process.exit(77);
}
const { buildRelease, ensureRpmHome } = await loadTs('test/helpers/build-rpms.ts');
const HOME = ensureRpmHome();
const env = { ...process.env, HOME };
const cli = path.join(REPO, 'dist/saferpm.mjs');
const base = mkdtempSync(path.join(os.tmpdir(), 'saferpm-demo-'));
const say = (t) => console.log(`\n\x1b[1m== ${t}\x1b[0m`);
const run = (file, args) => {
  console.log(`\n$ ${[file === process.execPath ? 'saferpm' : file, ...args.slice(file === process.execPath ? 1 : 0)].join(' ')}`);
  const r = spawnSync(file, args, { env, stdio: 'inherit' });
  return r.status ?? 1;
};
const q = (root) => execFileSync('rpm', ['--root', root, '-q', 'kernel-core', 'dracut', 'openssh-server'], { env, encoding: 'utf8' }).trim();
const runningKernel = `6.1.10-1.${os.arch() === 'x64' ? 'x86_64' : os.arch() === 'arm64' ? 'aarch64' : os.arch()}`;

try {
  say('Building the fake packages with the real rpmbuild (fixtures/specs)');
  const v1 = await buildRelease('v1');
  const v2 = await buildRelease('v2');
  const updates = path.join(base, 'updates');
  mkdirSync(updates);
  for (const f of v2.all) cpSync(f, path.join(updates, path.basename(f)));
  const files = v2.all.map((f) => path.join(updates, path.basename(f)));

  const makeRoot = (name) => {
    const root = path.join(base, name);
    mkdirSync(path.join(root, 'etc'), { recursive: true });
    mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
    writeFileSync(path.join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
    // A GRUB 2 configuration that reads the BLS entries the kernels write, as on RHEL 8+.
    writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), 'load_env -f ${config_directory}/grubenv\nset default="${saved_entry}"\nset timeout=5\ninsmod blscfg\nblscfg\n');
    execFileSync('rpm', ['--root', root, '-ivh', '--quiet', ...v1.all], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    return root;
  };

  say('The classic way to lose a server: rpm -Uvh on a folder that holds a new kernel');
  const lost = makeRoot('plain-rpm');
  console.log(`installed before:\n${q(lost)}`);
  run('rpm', ['--root', lost, '-Uvh', '--quiet', ...files]);
  console.log(`installed after:\n${q(lost)}\n-> kernel-core 6.1.10 is gone: if 6.1.12 does not boot, there is nothing to fall back to.`);

  say('The same updates through saferpm');
  const safe = makeRoot('saferpm');
  const code = run(process.execPath, [cli, '-Uvh', '--root', safe, '--running-kernel', runningKernel, ...files]);
  console.log(`\nsaferpm exited ${code}; installed after:\n${q(safe)}`);

  say('What the boot loader will do (saferpm boot check)');
  run(process.execPath, [cli, 'boot', 'check', '--root', safe, '--running-kernel', runningKernel]);
  const note = path.join(safe, 'var/lib/saferpm/RECOVERY.txt');
  if (existsSync(note)) {
    say(`The recovery note for the console (${note})`);
    console.log(readFileSync(note, 'utf8'));
  }
  say('The run record (saferpm history)');
  run(process.execPath, [cli, 'history', '--root', safe]);
} finally {
  if (!process.env.SAFERPM_DEMO_KEEP) rmSync(base, { recursive: true, force: true });
  else console.log(`\nkept: ${base}`);
}
