/**
 * rpm's options that make sense on an install command line, for the
 * completions: the Install/Upgrade/Erase and Common sections of rpm 4.18's
 * 'rpm --help' (popt tables in rpm's lib/poptI.c and lib/poptALL.c), less the
 * erase-only and Debian-only ones. saferpm passes every one of them to rpm.
 */

export interface RpmOption {
  /** '-U', '--upgrade'. */
  names: string[];
  help: string;
  /** What the value is, when the option takes one: completed as a folder, a file, or not at all. */
  value?: 'dir' | 'file' | 'text';
}

/** The modes saferpm acts on; their package arguments complete as *.rpm files. */
export const RPM_INSTALL_MODES: readonly RpmOption[] = [
  { names: ['-i', '--install'], help: 'install package(s)' },
  { names: ['-U', '--upgrade'], help: 'upgrade package(s) (saferpm installs kernels beside)' },
  { names: ['-F', '--freshen'], help: 'upgrade package(s) if already installed' },
];

export const RPM_INSTALL_OPTIONS: readonly RpmOption[] = [
  { names: ['-v', '--verbose'], help: 'provide more detailed output' },
  { names: ['-h', '--hash'], help: 'print hash marks as package installs' },
  { names: ['--percent'], help: 'print percentages as package installs' },
  { names: ['--quiet'], help: 'provide less detailed output' },
  { names: ['--test'], help: "don't install, but tell if it would work or not" },
  { names: ['--nodeps'], help: 'do not verify package dependencies' },
  { names: ['--force'], help: 'short hand for --replacepkgs --replacefiles' },
  { names: ['--oldpackage'], help: 'upgrade to an old version of the package' },
  { names: ['--replacepkgs'], help: 'reinstall if the package is already present' },
  { names: ['--replacefiles'], help: 'ignore file conflicts between packages' },
  { names: ['--excludedocs'], help: 'do not install documentation' },
  { names: ['--excludepath'], help: 'skip files with leading component PATH', value: 'text' },
  { names: ['--allfiles'], help: 'install all files, even configurations which might otherwise be skipped' },
  { names: ['--noscripts'], help: 'do not execute package scriptlet(s)' },
  { names: ['--notriggers'], help: 'do not execute any scriptlet(s) triggered by this package' },
  { names: ['--justdb'], help: 'update the database, but do not modify the filesystem' },
  { names: ['--nodb'], help: 'do not update the database, but modify the filesystem' },
  { names: ['--noorder'], help: 'do not reorder package installation to satisfy dependencies' },
  { names: ['--ignorearch'], help: "don't verify package architecture" },
  { names: ['--ignoreos'], help: "don't verify package operating system" },
  { names: ['--ignoresize'], help: "don't check disk space before installing" },
  { names: ['--noverify'], help: 'short hand for --ignorepayload --ignoresignature' },
  { names: ['--nofiledigest'], help: "don't verify digest of files" },
  { names: ['--nocontexts'], help: "don't install file security contexts" },
  { names: ['--nocaps'], help: "don't install file capabilities" },
  { names: ['--nodigest'], help: "don't verify package digest(s)" },
  { names: ['--nosignature'], help: "don't verify package signature(s)" },
  { names: ['--noplugins'], help: "don't enable any plugins" },
  { names: ['--badreloc'], help: 'relocate files in non-relocatable package' },
  { names: ['--prefix'], help: 'relocate the package to DIR, if relocatable', value: 'dir' },
  { names: ['--relocate'], help: 'relocate files from path OLD to NEW (OLD=NEW)', value: 'text' },
  { names: ['-r', '--root'], help: 'use ROOT as top level directory', value: 'dir' },
  { names: ['--dbpath'], help: 'use database in DIRECTORY', value: 'dir' },
  { names: ['-D', '--define'], help: "define MACRO with value EXPR ('MACRO EXPR')", value: 'text' },
  { names: ['--undefine'], help: 'undefine MACRO', value: 'text' },
  { names: ['--macros'], help: 'read FILE:... instead of default file(s)', value: 'file' },
  { names: ['--rcfile'], help: 'read FILE:... instead of default file(s)', value: 'file' },
  { names: ['--target'], help: 'specify target platform (CPU-VENDOR-OS)', value: 'text' },
];
