/**
 * Real RHEL 8/9 BLS hosts and GRUB configurations (fixtures/upstream/bls,
 * see its PROVENANCE.md), read as GRUB reads them. Where grubby's recorded
 * output exists for the same host, it is the oracle for order and fields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBootConfig } from '../../../src/bootloader/read.js';
import { parseGrub2 } from '../../../src/bootloader/parse-grub2.js';
import { parseGrubEnv } from '../../../src/bootloader/parse-grubenv.js';
import { parseBlsOnly } from '../../../src/bootloader/bls-entries.js';
import { parseBlsEntry } from '../../../src/bootloader/parse-bls.js';
import { UPSTREAM } from '../../helpers/paths.js';

const B = path.join(UPSTREAM, 'bls');
const text = (rel: string): string => readFileSync(path.join(B, rel), 'utf8');

/** `grub2-editenv list` output or grubby --info output as key/value records (values unquoted). */
function records(t: string, startKey?: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const line of t.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).replace(/^"|"$/g, '');
    if (out.length === 0 || key === startKey) out.push({});
    (out[out.length - 1] as Record<string, string>)[key] = value;
  }
  return out;
}

function blsDir(rel: string) {
  return readdirSync(path.join(B, rel))
    .filter((f) => f.endsWith('.conf'))
    .sort()
    .map((f) => parseBlsEntry(text(path.join(rel, f)), `/boot/loader/entries/${f}`));
}

describe('RHEL 9.5 UEFI host (insights-core)', () => {
  const root = path.join(B, 'insights-rhel9-uefi');

  it('read as a root: UEFI; the EFI grub.cfg is a stub whose configfile is followed to /boot/grub2/grub.cfg; entries in GRUB order', async () => {
    const c = await readBootConfig({ root, bootPrefix: '/boot' });
    expect(c.loader).toBe('grub2');
    expect(c.file).toBe('/boot/grub2/grub.cfg');
    expect(c.loadedBy).toBe('/boot/efi/EFI/redhat/grub.cfg');
    expect(c.firmware).toEqual({ kind: 'uefi', why: 'GRUB is installed on the EFI system partition (/boot/efi/EFI/redhat/grub.cfg)' });
    expect(c.blsDir).toBe('/boot/loader/entries');
    expect(c.entries.map((e) => [e.index, e.id, e.linux])).toEqual([
      ['0', '3b1bf67095e94696b600ed25416e97a8-5.14.0-503.11.1.el9_5.x86_64', true],
      ['1', '3b1bf67095e94696b600ed25416e97a8-0-rescue', true],
      ['2', 'uefi-firmware', false],
    ]);
  });

  it("agrees with grubby --info=ALL recorded on the host (kernel, initrd, title, id, root, args without root=)", async () => {
    const c = await readBootConfig({ root, bootPrefix: '/boot' });
    const grubby = records(text('insights-rhel9-uefi/grubby--info=ALL.txt'), 'index');
    expect(grubby).toHaveLength(2);
    grubby.forEach((g, i) => {
      const e = c.entries[i]!;
      expect(e.index).toBe(g.index);
      expect(e.kernelPath).toBe(g.kernel);
      expect(e.initrdPaths).toEqual([g.initrd]);
      expect(e.title).toBe(g.title);
      expect(e.root).toBe(g.root);
      expect(e.args.split(' ').filter((a) => !a.startsWith('root=')).join(' ')).toBe(g.args);
      expect(e.id?.startsWith(g.id as string)).toBe(true); // the recorded last id lost its closing quote
    });
  });

  it("grubenv's saved_entry (another machine id) names no entry: GRUB boots entry 0, as grubby --default-index says", () => {
    const vars = records(text('insights-rhel9-uefi/grub2-editenv-list.txt'))[0] as Record<string, string>;
    const p = parseGrub2(text('insights-rhel9-uefi/boot/grub2/grub.cfg'), 'grub.cfg', { grubenv: vars, bls: blsDir('insights-rhel9-uefi/boot/loader/entries'), platform: 'efi' });
    expect(p.default).toMatchObject({ entry: 0, matched: false, from: 'saved_entry', requested: '263d7f69235042b890394d6fe28ddeaf-5.14.0-570.30.1.el9_6.x86_64' });
    expect(String(p.default.entry)).toBe(text('insights-rhel9-uefi/grubby--default-index.txt').trim());
  });
});

describe('RHEL 8 entries with $kernelopts and tuned variables (insights-core)', () => {
  const env = parseGrubEnv(readFileSync(path.join(B, 'insights-rhel8/grubenv.GRUBENV_WITH_TUNED_PARAMS')), 'grubenv');
  const p = parseBlsOnly(blsDir('insights-rhel8'), new Map(Object.entries(env.vars)));
  const byVersion = (v: string) => p.entries.find((e) => e.version === v)!;

  it('$kernelopts and $tuned_params come from grubenv; an empty $tuned_initrd adds no initrd', () => {
    expect(byVersion('4.18.0-305.el8.x86_64')).toMatchObject({
      args: 'root=/dev/mapper/root_vg-lv_root ro crashkernel=auto resume=/dev/mapper/root_vg-lv_swap rd.lvm.lv=root_vg/lv_root rd.lvm.lv=root_vg/lv_swap console=tty0 console=ttyS0,115200 noapic transparent_hugepages=never',
      initrds: ['/initramfs-4.18.0-305.el8.x86_64.img'],
      root: '/dev/mapper/root_vg-lv_root',
    });
    expect(byVersion('4.18.0-80.1.2.el8_0.x86_64').args).toMatch(/rd\.lvm\.lv=rhel_vm37-146\/swap transparent_hugepages=never noapic$/);
  });

  it("GRUB ids are file names, not the entries' own 'id' lines; saved_entry names none of them here", () => {
    expect(p.entries.map((e) => e.id)).toContain('loader-entry.BOOT_LOADER_ENTRIES_3.rhel-8.4');
    expect(p.default).toMatchObject({ entry: 0, matched: false, requested: '295e1ba1696e4fad9e062f096f92d147-4.18.0-305.el8.x86_64' });
  });
});

describe('boom snapshot entries imported in a submenu', () => {
  const p = parseGrub2(text('boom/grub.cfg'), 'grub.cfg', { bls: blsDir('boom') });

  it('bls_import inside `submenu "Snapshots"`: N>M indexes, blscfg order by machine id first', () => {
    expect(p.entries.map((e) => [e.index, e.title, e.submenu])).toEqual([
      ['0>0', 'Clone test1', ['Snapshots']],
      ['0>1', 'TEST-NO-MACHINE-ID', ['Snapshots']],
      ['0>2', 'MAPPER_TEST', ['Snapshots']],
    ]);
    expect(p.default).toMatchObject({ entry: 0, matched: true, from: 'none' });
  });

  it('two entries for one kernel version; an unknown $testvar vanishes', () => {
    expect(p.entries.filter((e) => e.version === '6.15.9-201.fc42.x86_64')).toHaveLength(2);
    expect(p.entries[1]?.args).toBe('root=/dev/fedora/root ro rd.lvm.lv=fedora/root rhgb quiet');
  });
});

describe('leapp-repository GRUB files', () => {
  const grubenv = (f: string) => parseGrubEnv(readFileSync(path.join(B, 'leapp-repository', f)), f);

  it('RHEL 7.9 osbuild grub.cfg: two entries share one --id; the saved title names neither: entry 0', () => {
    const cfg = text('leapp-repository/invalid_grub.cfg');
    const p = parseGrub2(cfg, 'grub.cfg', { grubenv: grubenv('grubenv.correct').vars });
    expect(p.entries.map((e) => [e.index, e.version, e.id])).toEqual([
      ['0', '3.10.0-1160.119.1.el7.x86_64', 'gnulinux-3.10.0-1160.99.1.el7.x86_64-advanced-76a22bf4-f153-4541-b6c7-0332c0dfaeac'],
      ['1', '3.10.0-1160.99.1.el7.x86_64', 'gnulinux-3.10.0-1160.99.1.el7.x86_64-advanced-76a22bf4-f153-4541-b6c7-0332c0dfaeac'],
    ]);
    expect(p.default).toMatchObject({ entry: 0, matched: false, from: 'saved_entry' });
  });

  it('a grubenv without its header loads nothing: default is empty and GRUB boots entry 0', () => {
    const env = grubenv('grubenv.wrong2');
    const p = parseGrub2(text('leapp-repository/invalid_grub.cfg'), 'grub.cfg', env.readable ? { grubenv: env.vars } : {});
    expect(p.default).toMatchObject({ entry: 0, requested: '' });
  });

  it('RHEL 8 Azure grub.cfg and leapp\'s template: every menu entry comes from blscfg', () => {
    for (const f of ['valid_grub.cfg', 'grub2_config_template']) {
      const p = parseGrub2(text(`leapp-repository/${f}`), f, { bls: blsDir('insights-rhel9-uefi/boot/loader/entries') });
      expect(p.entries.map((e) => e.index)).toEqual(['0', '1']);
      expect(p.entries[0]?.args).toMatch(/^root=\/dev\/mapper\/rhel_vm--212--182-root ro/);
    }
  });
});

/** Every upstream file is either read by a parser in these tests or named here with the reason it is not boot loader input. */
const NOT_INPUT: Record<string, string> = {
  'PROVENANCE.md': 'documentation',
  'grubby-output-samples': "grubby's printed output (oracle data), not a configuration",
  'grubby--info=ALL.txt': "grubby's printed output, used above as the oracle",
  'grubby--default-index.txt': "grubby's printed output, used above as the oracle",
  'grub2-editenv-list.txt': "grub2-editenv list output, read above as the host's variables",
  'grub.correct': '/etc/default/grub (grub-mkconfig input), not read by the boot loader',
  'grub.12-support_files': "SUSE's device.map and grub.conf for grubby's lba handling",
  'grub2-support_files': 'grubenv blocks and mounts files, read in grubenv.test.ts and boot-prefix.test.ts',
};

describe('the upstream corpus is fully accounted for', () => {
  it('every file or folder of bls/ and grubby/ is read by a test or named as not boot loader input', () => {
    const read = new Set(['insights-rhel9-uefi', 'insights-rhel8', 'boom', 'leapp-repository']);
    const unaccounted = [...readdirSync(B), ...readdirSync(path.join(UPSTREAM, 'grubby'))].filter(
      (f) => !read.has(f) && NOT_INPUT[f] === undefined && !/^(grub|grub2|lilo|elilo|extlinux)\.\d+$/.test(f),
    );
    expect(unaccounted).toEqual([]);
  });
});
