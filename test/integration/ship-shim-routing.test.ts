/**
 * The rpm shim's choice, with recorders in place of saferpm and rpm: install
 * modes to saferpm (with SAFERPM_RPM set to the real rpm), everything else to
 * rpm, every argument exactly as given, the exit code passed back; under dash
 * (Debian's /bin/sh) and bash (RHEL's). Then the rules behind the choice,
 * checked against the real rpm: what the shim passes through never installs.
 */
import { writeFileSync, readFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec } from '../helpers/build-rpms.js';
import { SPECS } from '../helpers/paths.js';
import { installed, rpm, tempRoot } from '../helpers/roots.js';
import { haveTool, needTools } from '../helpers/tools.js';
import { renderShim } from '../../src/shim/script.js';
import { blockDir, writeScript } from '../unit/ship/ship-support.js';

const TO_SAFERPM: string[][] = [
  ['-Uvh', 'a.rpm'], ['-ivh', 'a.rpm'], ['-Fvh', 'a.rpm'], ['-U', 'a.rpm'], ['-hiv', 'a.rpm'],
  ['--upgrade', 'a.rpm'], ['--install', 'a.rpm'], ['--freshen', 'a.rpm'],
  ['-v', '--root', '/mnt/sys image', '-U', '--', 'x y.rpm'],
  ['-D', '_dbpath /var/lib/rpm', '--nodeps', '-Uvh', 'a.rpm'],
  ['-e', '-U', 'a.rpm'], // rpm 4.18 installs here; saferpm refuses the two modes
  ['-q', '--upgrade', 'a.rpm'], // not an install for rpm: saferpm's parser passes it through
];

const TO_RPM: string[][] = [
  [], ['--version'], ['-qa'], ['-qi', 'bash'], ['-qip', 'a.rpm'], ['-qU', 'a.rpm'], ['-Va'], ['-Vi', 'bash'],
  ['-e', 'kernel-core'], ['--import', 'RPM-GPG-KEY'], ['-K', 'a.rpm'], ['--eval', '%{_arch}'],
  ['-q', '--', '-Uvh'], ['--root', '/mnt', '-qa', '--qf', '%{NAME} * $HOME "q" \'s\' \\n'], ['--rebuilddb'],
];

const shells = ['dash', 'bash'].filter((s) => haveTool(s));

describe.runIf(needTools('sh'))('the rpm shim chooses', () => {
  const work = blockDir('saferpm-shim-route-');
  const dir = work.dir;
  let shim: string;
  afterAll(() => work.cleanup());
  const record = '{ printf "SAFERPM_RPM=%s\\n" "${SAFERPM_RPM-<unset>}"; for a; do printf "[%s]\\n" "$a"; done; } > "$REC_OUT"; exit 7';
  beforeAll(() => {
    const saferpm = writeScript(dir, 'saferpm-rec', `echo saferpm > "$REC_OUT.who"; ${record}`);
    const realRpm = writeScript(dir, 'rpm-rec', `echo rpm > "$REC_OUT.who"; ${record}`);
    shim = path.join(dir, 'rpm');
    writeFileSync(shim, renderShim({ realRpm, saferpm: [saferpm], backup: null, writtenBy: 'test' }));
    chmodSync(shim, 0o755);
  });

  async function via(shell: string, args: string[]): Promise<{ who: string; record: string; exitCode: number }> {
    const out = path.join(dir, `out-${Math.random().toString(16).slice(2)}`);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', REC_OUT: out };
    const r = await execa(shell, [shim, ...args], { env, extendEnv: false, reject: false });
    return { who: readFileSync(`${out}.who`, 'utf8').trim(), record: readFileSync(out, 'utf8'), exitCode: r.exitCode ?? -1 };
  }

  const expected = (args: string[], saferpmRpm: string): string => `SAFERPM_RPM=${saferpmRpm}\n${args.map((a) => `[${a}]\n`).join('')}`;

  for (const shell of shells) {
    it(`${shell}: -i, -U, -F in any form go to saferpm, with SAFERPM_RPM and every argument as given`, async () => {
      for (const args of TO_SAFERPM) {
        const r = await via(shell, args);
        expect(r.who, args.join(' ')).toBe('saferpm');
        expect(r.record).toBe(expected(args, path.join(dir, 'rpm-rec')));
        expect(r.exitCode).toBe(7);
      }
    });

    it(`${shell}: every other mode is exec'd to the real rpm, unchanged, environment untouched`, async () => {
      for (const args of TO_RPM) {
        const r = await via(shell, args);
        expect(r.who, args.join(' ')).toBe('rpm');
        expect(r.record).toBe(expected(args, '<unset>'));
        expect(r.exitCode).toBe(7);
      }
    });
  }
});

describe.runIf(needTools('rpm', 'rpmbuild'))('what the shim passes through never installs (real rpm 4.18)', () => {
  let pkg: string;
  beforeAll(async () => {
    [pkg] = (await buildSpec(path.join(SPECS, 'nodejs.spec'), { nodever: '20.11.1' })) as [string];
  });

  it('a query or verify anywhere wins over -U/-i/-F, in a cluster or apart', async () => {
    for (const args of [['-qU'], ['-qi'], ['-qF'], ['-Vi'], ['-qa', '-U'], ['-U', '-q'], ['-q', '--upgrade'], ['--install', '-V']]) {
      const root = tempRoot();
      await rpm(root, [...args, pkg]);
      expect(await installed(root), args.join(' ')).toEqual([]);
    }
  });

  it('while -U alone does install (so the check above can fail)', async () => {
    const root = tempRoot();
    expect((await rpm(root, ['-U', pkg])).exitCode).toBe(0);
    expect(await installed(root)).toEqual(['nodejs-20.11.1-1.noarch']);
  });
});
