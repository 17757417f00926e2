// Generate many distinct test packages with ONE rpmbuild run: a spec with N
// subpackages, each with its own files. Cached under .cache/bench/<key>/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './load-ts.mjs';

export function rpmHome() {
  const home = path.join(REPO, '.cache/home');
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, '.rpmmacros'), '%_dbpath /var/lib/rpm\n');
  return home;
}

/**
 * count packages named bench-NNNN, version `version`, each with `files` small
 * files and, when payloadKiB > 0, one incompressible file of that size.
 */
export function generatePackages({ count, version = '1.0', payloadKiB = 0, files = 3 }) {
  const key = `n${count}-v${version}-p${payloadKiB}-f${files}`;
  const dir = path.join(REPO, '.cache/bench', key);
  if (existsSync(path.join(dir, '.done'))) return listRpms(dir);
  const work = `${dir}.work-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const lines = [
    'Name: bench', `Version: ${version}`, 'Release: 1', 'Summary: benchmark packages', 'License: MIT', 'BuildArch: noarch',
    '%global _binary_payload w6.xzdio', '%global __os_install_post %{nil}', '%description', 'bench', '%install',
    'mkdir -p %{buildroot}/usr/share/bench',
  ];
  const pkgs = [];
  for (let i = 0; i < count; i++) {
    const n = `bench-${String(i).padStart(4, '0')}`;
    lines.push(`mkdir -p %{buildroot}/usr/share/bench/${n}`);
    for (let f = 0; f < files; f++) lines.push(`echo ${n}-${f}-%{version} > %{buildroot}/usr/share/bench/${n}/f${f}`);
    if (payloadKiB > 0) lines.push(`head -c ${payloadKiB * 1024} /dev/urandom > %{buildroot}/usr/share/bench/${n}/blob`);
    pkgs.push(n);
  }
  for (const n of pkgs) {
    lines.push(`%package -n ${n}`, `Summary: ${n}`, `Provides: ${n}-capability = %{version}`, `%description -n ${n}`, n, `%files -n ${n}`, `/usr/share/bench/${n}`);
  }
  lines.push('%files');
  const spec = path.join(work, 'bench.spec');
  writeFileSync(spec, lines.join('\n') + '\n');
  execFileSync('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${work}/top`, spec], { env: { ...process.env, HOME: rpmHome(), LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  const out = path.join(work, 'out');
  mkdirSync(out);
  const rpms = path.join(work, 'top/RPMS/noarch');
  for (const f of readdirSync(rpms)) if (f !== `bench-${version}-1.noarch.rpm`) renameSync(path.join(rpms, f), path.join(out, f));
  writeFileSync(path.join(out, '.done'), '');
  mkdirSync(path.dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(out, dir);
  rmSync(work, { recursive: true, force: true });
  return listRpms(dir);
}

function listRpms(dir) {
  return readdirSync(dir).filter((f) => f.endsWith('.rpm')).sort().map((f) => path.join(dir, f));
}
