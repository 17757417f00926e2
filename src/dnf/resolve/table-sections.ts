/**
 * The section headings of dnf's transaction table and what each means for
 * the installed packages. dnf 4: Output.list_transaction in
 * dnf/cli/output.py (4.14); yum 3: YumOutput.listTransaction in yum/output.py.
 * Headings are printed in the C locale because saferpm runs dnf with LC_ALL=C.
 */

/** What a package row does: 'install' adds a package beside what is installed. */
export type ItemAction = 'install' | 'upgrade' | 'reinstall' | 'downgrade' | 'remove';

/** 'package': rows are packages in the transaction; 'skip': rows dnf leaves out; 'note': modules and groups. */
export type SectionKind = 'package' | 'skip' | 'note';

export interface Section {
  kind: SectionKind;
  action?: ItemAction;
}

const pkg = (action: ItemAction): Section => ({ kind: 'package', action });
const skip: Section = { kind: 'skip', action: 'install' };
const note: Section = { kind: 'note' };

export const SECTIONS: Record<string, Section> = {
  // dnf 4
  Installing: pkg('install'),
  Upgrading: pkg('upgrade'),
  Reinstalling: pkg('reinstall'),
  'Installing group/module packages': pkg('install'),
  'Installing group packages': pkg('install'),
  'Installing dependencies': pkg('install'),
  'Installing weak dependencies': pkg('install'),
  Removing: pkg('remove'),
  'Removing dependent packages': pkg('remove'),
  'Removing unused dependencies': pkg('remove'),
  Downgrading: pkg('downgrade'),
  'Skipping packages with conflicts': skip,
  'Skipping packages with broken dependencies': skip,
  'Skipping packages with broken dependencies or part of a group': skip,
  'Installing module profiles': note,
  'Disabling module profiles': note,
  'Enabling module streams': note,
  'Switching module streams': note,
  'Disabling modules': note,
  'Resetting modules': note,
  'Installing Environment Groups': note,
  'Upgrading Environment Groups': note,
  'Removing Environment Groups': note,
  'Installing Groups': note,
  'Upgrading Groups': note,
  'Removing Groups': note,
  // yum 3
  Updating: pkg('upgrade'),
  'Installing for dependencies': pkg('install'),
  'Updating for dependencies': pkg('upgrade'),
  'Removing for dependencies': pkg('remove'),
  'Skipped (dependency problems)': skip,
  'Not installed': skip,
  'Not available': skip,
};
