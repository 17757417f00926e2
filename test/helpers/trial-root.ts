/**
 * Roots for the trial boot tests: v1 installed by plain rpm, v2 installed
 * through saferpm (so a run record and its before snapshot exist), a real
 * grubenv (grub-editenv), an /etc/fstab naming a plain partition, and the
 * trial units where the RPM puts them. Either BLS entries (what the fake
 * kernel's %posttrans writes, as kernel-install does) read by the grub.cfg
 * grub2-mkconfig writes on RHEL 8/9 (00_header's load_env, next_entry block
 * and timeout, 10_linux's blscfg), or a menuentry grub.cfg written as
 * grub2-mkconfig writes it without BLS (00_header, 10_linux menuentries,
 * 41_custom's custom.cfg). Both as on a real machine: without a grub.cfg
 * GRUB stops at its prompt, and without a timeout it waits for a key.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRelease } from './build-rpms.js';
import { kuname } from './fixture-matrix.js';
import { rpm, saferpm, tempDir } from './roots.js';

export const V1 = kuname('v1');
export const V2 = kuname('v2');
export const MID = '0123456789abcdef0123456789abcdef';
export const UNIT_DIR = '/usr/lib/systemd/system';
/** The root file system: a plain partition holding /boot too, so GRUB can write grubenv. */
export const ROOT_DEV = '/dev/vda2';
const ROOT_UUID = '7c1d2e3f-0000-4000-8000-000000000002';

/** Builds the shared template once (the caller removes it in afterAll). */
export async function makeTrialTemplate(): Promise<string> {
  const [v1, v2] = [(await buildRelease('v1')).all, (await buildRelease('v2')).all];
  const root = mkdtempSync(path.join(os.tmpdir(), 'saferpm-trial-template-'));
  mkdirSync(path.join(root, 'etc/saferpm'), { recursive: true });
  mkdirSync(path.join(root, 'boot/grub2'), { recursive: true });
  writeFileSync(path.join(root, 'etc/machine-id'), `${MID}\n`);
  writeFileSync(path.join(root, 'etc/fstab'), `${ROOT_DEV}  /  xfs  defaults  0 0\n`);
  const r1 = await rpm(root, ['-ivh', ...v1]);
  if (r1.exitCode !== 0) throw new Error(String(r1.stderr));
  const r2 = await saferpm(['-Uvh', '--root', root, '--running-kernel', V1, ...v2]);
  if (r2.exitCode !== 0) throw new Error(r2.stderr);
  // kernel-install on RHEL 9 writes the running command line (/etc/kernel/cmdline) into the
  // entry's options; the fake kernel's %posttrans writes an LVM root= that is not this machine's.
  const entries = path.join(root, 'boot/loader/entries');
  for (const f of readdirSync(entries)) {
    const file = path.join(entries, f);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^options root=\/dev\/mapper\/rl-root /m, `options root=${ROOT_DEV} `));
  }
  writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), blsStyle());
  execFileSync('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'create']);
  // what kernel-install with UPDATEDEFAULT=yes leaves: the new kernel already the default
  execFileSync('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'set', `saved_entry=${MID}-${V2}`]);
  installUnits(root);
  return root;
}

/** The units as packaging/saferpm.spec installs them (the files of packaging/). */
export function installUnits(root: string): void {
  const dir = path.join(root, UNIT_DIR);
  mkdirSync(path.join(dir, 'multi-user.target.wants'), { recursive: true });
  for (const unit of ['saferpm-trial.service', 'saferpm-trial-fallback.service']) {
    writeFileSync(path.join(dir, unit), readFileSync(path.join('packaging', unit)));
    symlinkSync(`../${unit}`, path.join(dir, 'multi-user.target.wants', unit));
  }
}

/** A copy of the template in a fresh temporary folder (removed after the test). */
export function machineFrom(template: string): string {
  const root = tempDir('saferpm-trial-');
  execFileSync('cp', ['-a', `${template}/.`, root]);
  return root;
}

export function writePlan(root: string, lines: string[]): void {
  const file = path.join(root, 'etc/saferpm/plan.toml');
  writeFileSync(file, [...lines, ''].join('\n'));
  chmodSync(file, 0o644);
}

export function grubenv(root: string, file = 'boot/grub2/grubenv'): Record<string, string> {
  const text = execFileSync('grub-editenv', [path.join(root, file), 'list'], { encoding: 'utf8' });
  return Object.fromEntries(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/**
 * grub.cfg as grub2-mkconfig writes it on a BIOS machine with /boot on the root
 * file system and GRUB_DISABLE_SUBMENU=true as on RHEL (00_header, 10_linux,
 * 41_custom), BLS entries moved out of the way.
 */
export function useMenuentryConfig(root: string): void {
  rmSync(path.join(root, 'boot/loader'), { recursive: true, force: true });
  writeFileSync(path.join(root, 'boot/grub2/grub.cfg'), mkconfigStyle([V2, V1]));
  execFileSync('grub-editenv', [path.join(root, 'boot/grub2/grubenv'), 'set', `saved_entry=gnulinux-${V2}-advanced-root`]);
}

/** 00_header's one-shot: next_entry boots once (GRUB clears it with save_env), else saved_entry. */
const NEXT_ENTRY = [
  'if [ "${next_entry}" ] ; then',
  '   set default="${next_entry}"',
  '   set next_entry=',
  '   save_env next_entry',
  '   set boot_once=true',
  'else',
  '   set default="${saved_entry}"',
  'fi',
  '',
  'if [ x"${feature_menuentry_id}" = xy ]; then',
  '  menuentry_id_option="--id"',
  'else',
  '  menuentry_id_option=""',
  'fi',
  '',
  'export menuentry_id_option',
];

const HEADER = [
  '#',
  '# DO NOT EDIT THIS FILE',
  '#',
  '# It is automatically generated by grub2-mkconfig using templates',
  '# from /etc/grub.d and settings from /etc/default/grub',
  '#',
  '',
  '### BEGIN /etc/grub.d/00_header ###',
  'set pager=1',
  '',
  'if [ -f ${config_directory}/grubenv ]; then',
  '  load_env -f ${config_directory}/grubenv',
  'elif [ -s $prefix/grubenv ]; then',
  '  load_env',
  'fi',
  ...NEXT_ENTRY,
  '',
  'terminal_output console',
  'if [ x$feature_timeout_style = xy ] ; then',
  '  set timeout_style=menu',
  '  set timeout=5',
  '# Fallback normal timeout code in case the timeout_style feature is',
  '# unavailable.',
  'else',
  '  set timeout=5',
  'fi',
  '### END /etc/grub.d/00_header ###',
];

/**
 * grub.cfg as grub2-mkconfig writes it on RHEL 8/9 with BLS (GRUB_ENABLE_BLSCFG=true,
 * the default): 00_header as above, then 10_linux finds the file system holding
 * /boot (here /, so entries say /boot/vmlinuz-V) and runs blscfg, which turns
 * /boot/loader/entries into the menu; RHEL 8 also sets a kernelopts fallback.
 */
export function blsStyle(): string {
  return [
    ...HEADER,
    '',
    '### BEGIN /etc/grub.d/10_linux ###',
    'insmod part_msdos',
    'insmod xfs',
    "set root='hd0,msdos2'",
    'if [ x$feature_platform_search_hint = xy ]; then',
    `  search --no-floppy --fs-uuid --set=root --hint='hd0,msdos2'  ${ROOT_UUID}`,
    'else',
    `  search --no-floppy --fs-uuid --set=root ${ROOT_UUID}`,
    'fi',
    'if [ -z "${kernelopts}" ]; then',
    `  set kernelopts="root=${ROOT_DEV} ro "`,
    'fi',
    '',
    'insmod blscfg',
    'blscfg',
    '### END /etc/grub.d/10_linux ###',
    '',
  ].join('\n');
}

export function mkconfigStyle(versions: string[]): string {
  const entry = (v: string, indent: string): string[] => [
    `${indent}menuentry 'Fake Linux, with Linux ${v}' --class fake --class gnu-linux --class gnu --class os $menuentry_id_option 'gnulinux-${v}-advanced-root' {`,
    `${indent}\tload_video`,
    `${indent}\tinsmod gzio`,
    `${indent}\tinsmod part_msdos`,
    `${indent}\tinsmod xfs`,
    `${indent}\tset root='hd0,msdos2'`,
    `${indent}\techo\t'Loading Linux ${v} ...'`,
    `${indent}\tlinux\t/boot/vmlinuz-${v} root=/dev/vda2 ro console=ttyS0`,
    `${indent}\techo\t'Loading initial ramdisk ...'`,
    `${indent}\tinitrd\t/boot/initramfs-${v}.img`,
    `${indent}}`,
  ];
  return [
    '### BEGIN /etc/grub.d/00_header ###',
    'if [ -s $prefix/grubenv ]; then',
    '  set have_grubenv=true',
    '  load_env',
    'fi',
    ...NEXT_ENTRY,
    'set timeout=5',
    '### END /etc/grub.d/00_header ###',
    '',
    '### BEGIN /etc/grub.d/10_linux ###',
    ...versions.flatMap((v) => entry(v, '')),
    '### END /etc/grub.d/10_linux ###',
    '',
    '### BEGIN /etc/grub.d/41_custom ###',
    'if [ -f  ${config_directory}/custom.cfg ]; then',
    '  source ${config_directory}/custom.cfg',
    'elif [ -z "${config_directory}" -a -f  $prefix/custom.cfg ]; then',
    '  source $prefix/custom.cfg',
    'fi',
    '### END /etc/grub.d/41_custom ###',
    '',
  ].join('\n');
}
