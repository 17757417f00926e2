// npm run package: saferpm's own RPM, built with the real rpmbuild.
//
//   node scripts/package.mjs [--release N] [--out DIR]
//
// 1. bundle the program into one file and bundle the documents generator
//    (scripts/bundle-single.mjs);
// 2. lay out the source tree saferpm-VERSION/: the bundle, the launcher
//    (packaging/saferpm-launcher), README and docs, and the man page,
//    completions and default plan.toml the generator writes from the program;
// 3. tar it and run rpmbuild -ba packaging/saferpm.spec in a private _topdir;
// 4. copy the binary and source RPMs to DIR (default dist-rpm/) and print the
//    binary RPM's path.
// Builds are cached under .cache/package/ by a hash of their inputs, so the
// tests and a second 'npm run package' reuse them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSingle } from './bundle-single.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = ['COPYING', 'README.md', 'docs/shim.md', 'docs/logging.md', 'docs/recovery-note.md', 'docs/trial-boot.md'];
const UNITS = ['saferpm-trial.service', 'saferpm-trial-fallback.service'];
const INPUTS = ['src', 'packaging', 'package.json', 'package-lock.json', 'scripts/bundle-single.mjs', 'scripts/package.mjs', ...DOCS];

function fail(message, hint) {
  process.stderr.write(`package: error: ${message}\n${hint ? `package: hint: ${hint}\n` : ''}`);
  process.exit(1);
}

function parseArgs(argv) {
  const o = { release: '1', out: path.join(repo, 'dist-rpm') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--release' && argv[i + 1]) o.release = argv[++i];
    else if (a === '--out' && argv[i + 1]) o.out = path.resolve(argv[++i]);
    else fail(`unknown argument '${a}'`, 'usage: node scripts/package.mjs [--release N] [--out DIR]');
  }
  // rpm's Release tag: no '-', no whitespace (rpmbuild refuses them)
  if (!/^[A-Za-z0-9._+~^]+$/.test(o.release)) fail(`--release '${o.release}' is not a valid rpm release`, 'use digits and dots, e.g. --release 2');
  return o;
}

function inputHash(release) {
  const h = createHash('sha256').update(`release ${release}\n`);
  const add = (p) => {
    const abs = path.join(repo, p);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const n of readdirSync(abs).sort()) add(path.join(p, n));
    else h.update(`${p}\n`).update(readFileSync(abs));
  };
  INPUTS.forEach(add);
  return h.digest('hex').slice(0, 16);
}

function run(file, args, options = {}) {
  const r = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, ...options });
  if (r.error?.code === 'ENOENT') fail(`${file} is not installed`, file === 'rpmbuild' ? "install it: 'dnf install rpm-build' or 'apt-get install rpm'" : undefined);
  if (r.status !== 0) fail(`${file} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

function sourceDateEpoch() {
  if (process.env.SOURCE_DATE_EPOCH) return process.env.SOURCE_DATE_EPOCH;
  const r = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: repo, encoding: 'utf8' });
  return r.status === 0 && /^\d+$/.test(r.stdout.trim()) ? r.stdout.trim() : String(Math.floor(Date.now() / 1000));
}

async function buildInto(dir, release) {
  const stage = `${dir}.build-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  const { program, docsGen, version } = await bundleSingle(path.join(stage, 'bundle'));
  const name = `saferpm-${version}`;
  const tree = path.join(stage, 'tree', name);
  mkdirSync(path.join(tree, 'docs'), { recursive: true });
  copyFileSync(program, path.join(tree, 'saferpm.mjs'));
  copyFileSync(path.join(repo, 'packaging/saferpm-launcher'), path.join(tree, 'saferpm'));
  chmodSync(path.join(tree, 'saferpm'), 0o755);
  for (const u of UNITS) copyFileSync(path.join(repo, 'packaging', u), path.join(tree, u));
  for (const d of DOCS) if (existsSync(path.join(repo, d))) copyFileSync(path.join(repo, d), path.join(tree, d));
  const epoch = sourceDateEpoch();
  const env = { ...process.env, LC_ALL: 'C', SOURCE_DATE_EPOCH: epoch };
  run(process.execPath, [docsGen, tree], { env });
  const sources = path.join(stage, 'SOURCES');
  mkdirSync(sources, { recursive: true });
  run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${epoch}`, '-czf', path.join(sources, `${name}.tar.gz`), '-C', path.join(stage, 'tree'), name]);
  const top = path.join(stage, 'rpmbuild');
  run('rpmbuild', ['-ba', '--quiet', '--define', `_topdir ${top}`, '--define', `_sourcedir ${sources}`,
    '--define', `saferpm_version ${version}`, '--define', `saferpm_release ${release}`, path.join(repo, 'packaging/saferpm.spec')], { env });
  const result = path.join(stage, 'result');
  mkdirSync(result);
  for (const sub of ['RPMS/noarch', 'SRPMS']) {
    for (const f of readdirSync(path.join(top, sub))) renameSync(path.join(top, sub, f), path.join(result, f));
  }
  writeFileSync(path.join(result, '.done'), '');
  try {
    renameSync(result, dir);
  } catch {
    /* another build of the same inputs won the race */
  }
  rmSync(stage, { recursive: true, force: true });
}

const o = parseArgs(process.argv.slice(2));
const cached = path.join(repo, '.cache', 'package', inputHash(o.release));
if (!existsSync(path.join(cached, '.done'))) {
  mkdirSync(path.dirname(cached), { recursive: true });
  await buildInto(cached, o.release);
}
mkdirSync(o.out, { recursive: true });
let binary;
for (const f of readdirSync(cached).filter((n) => n.endsWith('.rpm')).sort()) {
  copyFileSync(path.join(cached, f), path.join(o.out, f));
  if (!f.endsWith('.src.rpm')) binary = path.join(o.out, f);
  else process.stderr.write(`package: source RPM ${path.join(o.out, f)}\n`);
}
process.stdout.write(`${binary}\n`);
