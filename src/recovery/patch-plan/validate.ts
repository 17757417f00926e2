/**
 * The plan's schema: from the parsed TOML to a PatchPlan, collecting every
 * problem (unknown keys with a suggestion, wrong types, values out of range).
 * Pure; plan-file.ts turns problems into ConfigErrors with lines.
 */
import type { Contact, PatchPlan, Policy, ServiceOwner, TrialPlan } from './model.js';
import { PlanReader, isTable, kindOf, type PlanProblem, type Table } from './read.js';

const SECTIONS = ['contacts', 'sources', 'recovery', 'testing', 'policy', 'trial'];
const CONTACT_KEYS = ['name', 'phone', 'email'];
const POLICY_KEYS = [
  'keep_kernels', 'require_standby', 'reboot_command', 'installonly_extra', 'boot_critical',
  'standby_dirs', 'integrity_command', 'mail_note',
];

export function validatePlan(doc: Table, file: string): { plan: PatchPlan; problems: PlanProblem[] } {
  const r = new PlanReader();
  r.table(doc, [], SECTIONS);
  const plan: PatchPlan = {
    file,
    contacts: readContacts(r, doc.contacts),
    sources: readSources(r, doc.sources),
    recovery: readRecovery(r, doc.recovery),
    testing: readTesting(r, doc.testing),
    policy: readPolicy(r, doc.policy),
  };
  const trial = readTrial(r, doc.trial);
  if (trial) plan.trial = trial;
  return { plan, problems: r.problems };
}

function readContacts(r: PlanReader, v: unknown): PatchPlan['contacts'] {
  const t = r.table(v, ['contacts'], ['primary', 'backup', 'owners']) ?? {};
  const out: PatchPlan['contacts'] = { owners: readOwners(r, t.owners) };
  const primary = readContact(r, t.primary, ['contacts', 'primary']);
  const backup = readContact(r, t.backup, ['contacts', 'backup']);
  if (primary) out.primary = primary;
  if (backup) out.backup = backup;
  return out;
}

function readContact(r: PlanReader, v: unknown, path: (string | number)[], extra: string[] = []): Contact | undefined {
  const t = r.table(v, path, [...extra, ...CONTACT_KEYS]);
  if (!t) return undefined;
  const c: Contact = {};
  for (const key of CONTACT_KEYS) {
    const s = r.string(t, key, path);
    if (s !== undefined) c[key as keyof Contact] = s;
  }
  if (c.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(c.email)) r.problem([...path, 'email'], `'${c.email}' is not an e-mail address`);
  return c;
}

function readOwners(r: PlanReader, v: unknown): ServiceOwner[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return r.problem(['contacts', 'owners'], `must be written as [[contacts.owners]] tables, found ${kindOf(v)}`) ?? [];
  const owners: ServiceOwner[] = [];
  v.forEach((entry, i) => {
    const path = ['contacts', 'owners', i];
    const c = readContact(r, entry, path, ['service']);
    const service = isTable(entry) ? r.string(entry, 'service', path) : undefined;
    if (c && service === undefined) r.problem([...path, 'service'], "is missing: name the service, e.g. service = \"postgresql\"");
    if (c && service !== undefined) owners.push({ service, ...c });
  });
  return owners;
}

function readSources(r: PlanReader, v: unknown): Record<string, string[]> {
  const t = r.table(v, ['sources'], 'any') ?? {};
  const out: Record<string, string[]> = {};
  for (const service of Object.keys(t)) {
    const s = typeof t[service] === 'string' ? [t[service] as string] : r.strings(t, service, ['sources'], 'lists, advisories or sites');
    if (s) out[service] = s;
  }
  return out;
}

function readRecovery(r: PlanReader, v: unknown): PatchPlan['recovery'] {
  const path = ['recovery'];
  const t = r.table(v, path, ['backup_procedure', 'backup_location', 'if_patch_breaks']) ?? {};
  return clean({
    backupProcedure: r.string(t, 'backup_procedure', path),
    backupLocation: r.string(t, 'backup_location', path),
    ifPatchBreaks: r.string(t, 'if_patch_breaks', path),
  });
}

function readTesting(r: PlanReader, v: unknown): PatchPlan['testing'] {
  const path = ['testing'];
  const t = r.table(v, path, ['host', 'date', 'notes']) ?? {};
  return clean({ host: r.string(t, 'host', path), date: r.date(t, 'date', path), notes: r.string(t, 'notes', path) });
}

function readPolicy(r: PlanReader, v: unknown): Partial<Policy> {
  const path = ['policy'];
  const t = r.table(v, path, POLICY_KEYS) ?? {};
  return clean({
    keepKernels: keepKernels(r, r.int(t, 'keep_kernels', path)),
    requireStandby: r.bool(t, 'require_standby', path),
    rebootCommand: argv(r, t, 'reboot_command'),
    installonlyExtra: names(r, t, 'installonly_extra'),
    bootCritical: names(r, t, 'boot_critical'),
    standbyDirs: dirs(r, t),
    integrityCommand: argv(r, t, 'integrity_command'),
    mailNote: r.bool(t, 'mail_note', path),
  });
}

/** [trial] deadline_minutes (1 to 1440) and check_commands (a list of argument vectors). */
function readTrial(r: PlanReader, v: unknown): TrialPlan | undefined {
  const path = ['trial'];
  const t = r.table(v, path, ['deadline_minutes', 'check_commands']);
  if (!t) return undefined;
  const out: TrialPlan = { checkCommands: [] };
  const minutes = r.int(t, 'deadline_minutes', path);
  if (minutes !== undefined && (minutes < 1 || minutes > 1440)) r.problem([...path, 'deadline_minutes'], `must be 1 to 1440 minutes, found ${minutes}`);
  else if (minutes !== undefined) out.deadlineMinutes = minutes;
  const cmds = t.check_commands;
  if (cmds !== undefined) {
    if (!Array.isArray(cmds)) r.problem([...path, 'check_commands'], `must be a list of commands, e.g. [["curl", "-fsS", "http://localhost/"]], found ${kindOf(cmds)}`);
    else cmds.forEach((c, i) => {
      if (Array.isArray(c) && c.length > 0 && c.every((a) => typeof a === 'string' && a !== '')) out.checkCommands.push(c as string[]);
      else r.problem([...path, 'check_commands'], `command ${i + 1} must be a non-empty list of arguments in quotes, found ${kindOf(c)}`);
    });
  }
  return out;
}

/** dnf 4 rejects installonly_limit=1 (docs/rpm-facts.md, dnf.conf(5)): one kernel leaves nothing to fall back to. */
function keepKernels(r: PlanReader, n: number | undefined): number | undefined {
  if (n === undefined || n === 0 || n >= 2) return n;
  return r.problem(['policy', 'keep_kernels'], `must be 0 (keep all) or 2 or more, found ${n}: one kernel leaves nothing to fall back to`);
}

function argv(r: PlanReader, t: Table, key: string): string[] | undefined {
  const v = r.strings(t, key, ['policy'], 'arguments');
  if (v?.length === 0) return r.problem(['policy', key], 'is empty: give the command and its arguments, e.g. ["systemctl", "reboot"]');
  return v;
}

function names(r: PlanReader, t: Table, key: string): string[] | undefined {
  const v = r.strings(t, key, ['policy'], 'package names');
  const bad = v?.find((n) => /\s/.test(n));
  if (bad !== undefined) return r.problem(['policy', key], `'${bad}' is not a package name (no spaces; one name per string)`);
  return v;
}

function dirs(r: PlanReader, t: Table): string[] | undefined {
  const v = r.strings(t, 'standby_dirs', ['policy'], 'directories');
  const bad = v?.find((d) => !d.startsWith('/'));
  if (bad !== undefined) return r.problem(['policy', 'standby_dirs'], `'${bad}' is not an absolute path (start it with /)`);
  return v;
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
