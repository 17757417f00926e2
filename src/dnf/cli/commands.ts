/**
 * What a dnf command does to the installed packages. The command words and
 * their aliases are dnf 4.14's (the `aliases` of each class in
 * dnf/cli/commands/*.py) and the usual dnf-plugins-core commands.
 *
 * - transaction: may install, upgrade, downgrade or erase packages; saferpm
 *   works out the transaction first (dnf --assumeno) and runs its safety steps.
 * - read-only: passed straight through (same arguments, environment, output, exit code).
 * - unknown: a command saferpm does not know (a plugin): refused unless
 *   --saferpm-allow-unresolved, because its effect cannot be determined.
 */
export type CommandKind = 'transaction' | 'read-only' | 'unknown';

export interface CommandClass {
  kind: CommandKind;
  /** The command in dnf's own name ('upgrade' for 'update'), with the subcommand when it decides. */
  canonical: string;
}

const TRANSACTION: Record<string, string> = {
  install: 'install', in: 'install', localinstall: 'install', 'install-n': 'install', 'install-na': 'install', 'install-nevra': 'install',
  upgrade: 'upgrade', update: 'upgrade', up: 'upgrade', 'upgrade-to': 'upgrade', 'update-to': 'upgrade', localupdate: 'upgrade',
  'upgrade-minimal': 'upgrade-minimal', 'update-minimal': 'upgrade-minimal', 'up-min': 'upgrade-minimal',
  'distro-sync': 'distro-sync', distrosync: 'distro-sync', 'distribution-synchronization': 'distro-sync', dsync: 'distro-sync',
  downgrade: 'downgrade', dg: 'downgrade',
  remove: 'remove', erase: 'remove', rm: 'remove', 'remove-n': 'remove', 'remove-na': 'remove', 'remove-nevra': 'remove',
  'erase-n': 'remove', 'erase-na': 'remove', 'erase-nevra': 'remove',
  reinstall: 'reinstall', rei: 'reinstall',
  autoremove: 'autoremove', 'autoremove-n': 'autoremove', 'autoremove-na': 'autoremove', 'autoremove-nevra': 'autoremove',
  swap: 'swap', groupinstall: 'group install', groupupdate: 'group install', groupremove: 'group remove', grouperase: 'group remove',
  // dnf-plugins-core
  builddep: 'builddep', 'debuginfo-install': 'debuginfo-install',
};

const READ_ONLY = new Set([
  'list', 'ls', 'info', 'if', 'check-update', 'check-upgrade', 'repoquery', 'rq', 'repoquery-n', 'repoquery-na', 'repoquery-nevra',
  'search', 'se', 'provides', 'whatprovides', 'prov', 'wp', 'makecache', 'mc', 'repolist', 'repoinfo', 'clean', 'check',
  'deplist', 'updateinfo', 'upif', 'list-updateinfo', 'list-security', 'list-sec', 'info-updateinfo', 'info-security',
  'info-sec', 'summary-updateinfo', 'help', 'alias', 'grouplist', 'groupinfo', 'mark',
  // dnf-plugins-core commands that change no package
  'needs-restarting', 'changelog', 'download', 'repoclosure', 'repodiff', 'repograph', 'repomanage', 'reposync',
  'config-manager', 'copr', 'versionlock', 'debug-dump', 'groups-manager', 'leaves',
]);

/** Sub-commands of commands whose effect depends on them (group, module, history, repository-packages). */
const SUB: Record<string, { transaction: string[]; readOnly: string[] }> = {
  group: { transaction: ['install', 'upgrade', 'update', 'remove', 'erase'], readOnly: ['summary', 'list', 'info', 'mark', ''] },
  module: { transaction: ['install', 'update', 'remove', 'erase', 'switch-to'], readOnly: ['list', 'info', 'enable', 'disable', 'reset', 'provides', 'repoquery', ''] },
  history: { transaction: ['undo', 'redo', 'rollback', 'replay'], readOnly: ['list', 'info', 'userinstalled', 'store', ''] },
  'repository-packages': {
    transaction: ['install', 'upgrade', 'update', 'upgrade-to', 'update-to', 'remove', 'erase', 'reinstall', 'reinstall-old', 'move-to', 'remove-or-reinstall', 'remove-or-distro-sync'],
    readOnly: ['list', 'info', 'check-update', ''],
  },
};
const SUB_ALIASES: Record<string, string> = {
  group: 'group', groups: 'group', grp: 'group', module: 'module', history: 'history', hist: 'history',
  'repository-packages': 'repository-packages', 'repo-pkgs': 'repository-packages', 'repo-packages': 'repository-packages', 'repository-pkgs': 'repository-packages',
};

export function classifyCommand(command: string | undefined, operands: readonly string[]): CommandClass {
  if (command === undefined) return { kind: 'read-only', canonical: '' }; // dnf prints its usage
  const direct = TRANSACTION[command];
  if (direct) return { kind: 'transaction', canonical: direct };
  const parent = SUB_ALIASES[command];
  if (parent) return classifySub(parent, operands);
  if (READ_ONLY.has(command)) return { kind: 'read-only', canonical: command };
  return { kind: 'unknown', canonical: command };
}

/** The subcommand is the first word after the command (after the repository for repository-packages). */
function classifySub(parent: string, operands: readonly string[]): CommandClass {
  const table = SUB[parent] as { transaction: string[]; readOnly: string[] };
  const sub = (parent === 'repository-packages' ? operands[1] : operands[0]) ?? '';
  if (table.transaction.includes(sub)) return { kind: 'transaction', canonical: `${parent} ${sub}` };
  if (table.readOnly.includes(sub)) return { kind: 'read-only', canonical: `${parent} ${sub}`.trim() };
  // `dnf history 3` is `history list 3` (history.py: an unknown action becomes a transaction id)
  if (parent === 'history') return { kind: 'read-only', canonical: 'history list' };
  return { kind: 'unknown', canonical: `${parent} ${sub}` };
}
